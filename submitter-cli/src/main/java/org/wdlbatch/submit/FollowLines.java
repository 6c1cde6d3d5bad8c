package org.wdlbatch.submit;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code --follow} shows of the workflow job's log: every line, except that a call's routine INFO lines become
 * one line per state change of the call, so a 10,000-call scatter prints a few lines per call instead of every
 * line the orchestrator logs about it (the task's own lines stay in its task.log and workflow.log). A call goes
 * {@code queued} (the engine took it) → {@code submitted} (its AWS Batch job, with the job id) → {@code done} or
 * {@code failed}, with {@code retrying} between attempts; the orchestrator's status line
 * ({@code [hh:mm:ss] wf: 3 queued, 12 runnable, 40 running, ...}, once a minute and at each failure) says how many
 * calls are in each of Batch's states. Warnings and errors are shown as they are.
 *
 * <p>The call lines are recognised by the words the engine logs them with (TaskCall, AttemptLoop, JobSubmitter);
 * {@code FollowLinesTest} runs a real scatter through the whole chain, so a change of those words fails it.
 */
final class FollowLines {

    /** {@code <time> INFO  wdlbatch call-x-3: message} (LogFormat's text line). */
    private static final Pattern CALL_LINE = Pattern.compile("^(\\S+)\\s+INFO\\s+wdlbatch (call-[^:\\s]+): (.*)$");
    private static final Pattern JOB_ID = Pattern.compile("job id ([^ ),]+)|AWS Batch job ([^ ),]+)");

    /** The state last shown for each call. */
    private final Map<String, String> shown = new HashMap<>();

    /** The line to print for {@code line}, or null when it says nothing new. */
    String view(String line) {
        Matcher m = CALL_LINE.matcher(line);
        if (!m.matches()) {
            return line;
        }
        String call = m.group(2);
        String message = m.group(3);
        String state;
        String detail = "";
        if (message.startsWith("task ") && message.contains(" from ")) {
            state = "queued";
        } else if (message.startsWith("submitted as ")) {
            state = "submitted";
            Matcher id = JOB_ID.matcher(message);
            if (id.find()) {
                detail = " (job " + (id.group(1) != null ? id.group(1) : id.group(2)) + ")";
            }
        } else if (message.matches("attempt \\d+ succeeded.*")) {
            state = "done";
        } else if (message.startsWith("call cache hit") || message.startsWith("reusing")) {
            state = "done";
            detail = " (call cache)";
        } else if (message.contains("; retrying")) {
            state = "retrying";
            detail = ": " + message;
        } else if (message.matches("attempt \\d+ (starting|re-attached).*") || message.contains(" log: CloudWatch")) {
            return null; // the attempt handed to the backend, the log stream named: in task.log, not a state
        } else {
            return line; // anything else about a call is news: shown as it is
        }
        String key = state + detail;
        if (key.equals(shown.put(call, key)) && !state.equals("retrying")) {
            return null;
        }
        return m.group(1) + " " + call + " " + state + detail;
    }
}
