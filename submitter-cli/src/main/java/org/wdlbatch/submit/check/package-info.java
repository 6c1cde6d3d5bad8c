/**
 * {@code submit_awsbatch --check}: looks at the account as a run would use it (queues, compute environments, queue
 * tags, EFS, the workflow role, the image in ECR, the S3 upload bucket, the log group) and prints a checklist, one
 * line per item: OK, or the problem and its fix. Read-only but for one probe object in the upload bucket.
 */
package org.wdlbatch.submit.check;
