package org.wdlbatch.taskruntime;

/**
 * Keeps what each job carries small: the container overrides of a task job (environment naming the task
 * directory, vCPU, memory, GPU) must fit in {@value #LIMIT} bytes whatever the task's command, far under ECS's
 * 8 KiB container-overrides limit that big commands or fan-ins hit when they travel in the job.
 */
public final class PayloadBudget {

    public static final int LIMIT = 2048;

    private PayloadBudget() {}

    /** Throws when the serialized overrides exceed the budget; {@code what} names the job for the message. */
    public static void check(String overridesJson, String what) {
        int size = overridesJson.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (size > LIMIT) {
            throw new IllegalArgumentException(what + ": the job's container overrides take " + size
                    + " bytes, over the " + LIMIT + "-byte budget (a very long task directory path or too many"
                    + " environment overrides)");
        }
    }
}
