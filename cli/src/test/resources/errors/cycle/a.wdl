version 1.0

import "b.wdl"

workflow a {
}
