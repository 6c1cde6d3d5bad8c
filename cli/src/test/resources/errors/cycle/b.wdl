version 1.0

import "a.wdl"

task t {
  command <<< true >>>
}
