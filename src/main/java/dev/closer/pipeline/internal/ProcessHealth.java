package dev.closer.pipeline.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The weekly "process health top 10" (SPEC O4) as a pure function over the opportunities of a team as they stood at
 * a moment (the end of the week, or now for the running week):
 * <ul>
 * <li>most complete deliverables: the share of the current stage's deliverable requirements met (a file of the
 * kind, allowed type, uploaded in the stage and by then, checksum recorded), highest first; stages without
 * deliverables are left out; ties: more deliverables met, then longer in the stage, then lower id;</li>
 * <li>longest overdue: time in the current stage beyond the template's expected days, longest first (only those
 * over); ties: lower id.</li>
 * </ul>
 */
final class ProcessHealth {

	static final int TOP = 10;

	private ProcessHealth() {
	}

	/** An opportunity as it stood at the report moment. */
	record Subject(long id, String name, String customerName, String ownerName, String stageCode, String stageName,
			Instant enteredAt, int expectedDays, List<StageTemplate.Requirement> deliverables, List<Gate.Upload> uploads) {
	}

	record Complete(long id, String name, String customerName, String ownerName, String stageName, int met,
			int required, double ratio) {
	}

	record Overdue(long id, String name, String customerName, String ownerName, String stageName, long overdueSeconds,
			double overdueDays, int expectedDays) {
	}

	record Report(Instant asOf, List<Complete> mostComplete, List<Overdue> longestOverdue) {
	}

	static Report compute(List<Subject> subjects, Instant asOf) {
		List<Complete> complete = subjects.stream()
			.filter(s -> !s.deliverables().isEmpty())
			.map(s -> {
				Gate.Facts facts = new Gate.Facts(null, null, null, null, s.enteredAt());
				List<Gate.Upload> until = s.uploads().stream().filter(u -> !u.uploadedAt().isAfter(asOf)).toList();
				int met = (int) s.deliverables().stream()
					.filter(r -> Gate.check(r, facts, List.of(), until).satisfied()).count();
				return new Object[] { s, met };
			})
			.sorted(Comparator.<Object[]>comparingDouble(a -> -ratio((int) a[1], ((Subject) a[0]).deliverables().size()))
				.thenComparingInt(a -> -(int) a[1])
				.thenComparing(a -> ((Subject) a[0]).enteredAt())
				.thenComparingLong(a -> ((Subject) a[0]).id()))
			.limit(TOP)
			.map(a -> {
				Subject s = (Subject) a[0];
				int met = (int) a[1];
				return new Complete(s.id(), s.name(), s.customerName(), s.ownerName(), s.stageName(), met,
						s.deliverables().size(), ratio(met, s.deliverables().size()));
			})
			.toList();
		List<Overdue> overdue = subjects.stream()
			.map(s -> new Overdue(s.id(), s.name(), s.customerName(), s.ownerName(), s.stageName(),
					Duration.between(s.enteredAt(), asOf).getSeconds() - s.expectedDays() * 86_400L, 0, s.expectedDays()))
			.filter(o -> o.overdueSeconds() > 0)
			.sorted(Comparator.comparingLong(Overdue::overdueSeconds).reversed().thenComparingLong(Overdue::id))
			.limit(TOP)
			.map(o -> new Overdue(o.id(), o.name(), o.customerName(), o.ownerName(), o.stageName(), o.overdueSeconds(),
					Math.round(o.overdueSeconds() / 8_640.0) / 10.0, o.expectedDays()))
			.toList();
		return new Report(asOf, complete, overdue);
	}

	static double ratio(int met, int required) {
		return required == 0 ? 0 : Math.round(met * 1000.0 / required) / 1000.0;
	}
}
