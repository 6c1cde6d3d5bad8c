/** {@code submit_awsbatch}: launches the workflow job on AWS Batch, follows it and reports how it ended. */
package org.wdlbatch.submit;
