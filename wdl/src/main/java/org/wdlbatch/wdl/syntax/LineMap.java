package org.wdlbatch.wdl.syntax;

import java.util.Arrays;
import org.wdlbatch.wdl.source.SourcePos;

/** Turns character offsets into 1-based line and column, computed once per file so tokens stay cheap. */
final class LineMap {

    private final String file;
    private final int[] lineStarts;
    private final int lineCount;

    LineMap(String file, String text) {
        this.file = file;
        int[] starts = new int[64];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0, len = text.length(); i < len; i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        this.lineStarts = starts;
        this.lineCount = n;
    }

    int line(int offset) {
        int i = Arrays.binarySearch(lineStarts, 0, lineCount, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    SourcePos pos(int offset) {
        int line = line(offset);
        return new SourcePos(file, line, offset - lineStarts[line - 1] + 1);
    }

    String file() {
        return file;
    }
}
