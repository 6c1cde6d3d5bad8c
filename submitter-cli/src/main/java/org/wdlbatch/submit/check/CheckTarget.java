package org.wdlbatch.submit.check;

/**
 * What the user named on the command line or in {@code WDLBATCH__AWS__*} variables (null: not named, so the
 * workflow queue's tag decides, as in a run). {@code defaultImage} is the submitter's image rule for a queue without
 * the {@code WorkflowImage} tag, given the workflow role.
 */
public record CheckTarget(String workflowQueue, String taskQueue, String taskQueueFallback, boolean efs, String fsap,
        String workflowRole, String image, String s3upload, java.util.function.UnaryOperator<String> defaultImage) {}
