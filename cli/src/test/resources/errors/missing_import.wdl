version 1.0

import "tasks/does_not_exist.wdl" as lib

workflow main {
  call lib.hello
}
