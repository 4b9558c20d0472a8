package dev.closer.leads.internal.allocation;

/**
 * An active rep whose load rate is at or above the policy's overload threshold (SPEC L8). The seed's example:
 * 张伟 at 92 % is told "当前高负荷，请优先处理待办" (you are at high load, clear your pending leads first). The engine
 * reports every such rep on every decision; de-duplicating notifications is the caller's job.
 */
public record OverloadNotice(long repId, String displayName, double loadRate, double threshold) {

	public static final String MESSAGE_KEY = "allocation.notice.overload";

	/** Args: display name, load rate (e.g. 0.92), threshold. */
	public Reason reason() {
		return Reason.of(MESSAGE_KEY, displayName, loadRate, threshold);
	}
}
