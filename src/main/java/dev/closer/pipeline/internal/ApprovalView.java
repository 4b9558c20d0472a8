package dev.closer.pipeline.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A contract approval request (SPEC O7) with its steps and each step's waiting time. */
record ApprovalView(long id, long opportunityId, String opportunityName, String customerName, long teamId,
		String chainCode, int chainVersion, String status, Integer currentStep, BigDecimal amount, String terms,
		long fileId, String fileName, String fileType, String fileSha256, Instant createdAt, String createdByName,
		Instant decidedAt, List<Step> steps) {

	/**
	 * One step: who may decide it (roles), its status (WAITING, PENDING, APPROVED, REJECTED, CANCELLED), when it
	 * became pending and when it was decided; {@code waitingSeconds} is decided − started, or now − started while
	 * pending.
	 */
	record Step(int no, String code, String nameEn, String nameZh, List<String> roles, String status,
			Instant startedAt, Instant decidedAt, String decidedByName, String comment, Long waitingSeconds) {

		public String name(Locale locale) {
			return locale != null && "zh".equals(locale.getLanguage()) ? nameZh : nameEn;
		}
	}

	public Step current() {
		return currentStep == null ? null : steps.stream().filter(s -> s.no() == currentStep).findFirst().orElse(null);
	}
}
