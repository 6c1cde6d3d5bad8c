/**
 * What a task job executes and how it is described: the short bash wrapper that runs the task's command script
 * from the shared file system, the stdout/stderr/rc files, container properties and overrides, payload budgeting.
 */
package org.wdlbatch.taskruntime;
