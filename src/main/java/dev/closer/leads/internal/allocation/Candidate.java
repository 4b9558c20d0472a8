package dev.closer.leads.internal.allocation;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * One rep the lead could go to, as the caller read them inside the allocation transaction. Immutable.
 * <p>
 * {@code active} must come from the account status re-read in that same transaction (the seed's "validity
 * probe", SPEC P2): a rep who left but whose account was never disabled shows a load of 0 and would otherwise
 * win every lead.
 * <p>
 * A class rather than a record because it keeps, next to what it was given, the form the engine reads a
 * thousand times per decision, all in primitive fields so that scoring a rep reads one small object and
 * nothing it points to: skills and regions as bit masks ({@link Bits}: skill codes and region ids are small
 * closed vocabularies), the service area flattened into the unit vector of its base and the radius. Building a
 * candidate does this work once; deciding then touches little memory. Skills are also kept interned and sorted
 * for requirements that fall outside the masks.
 */
public final class Candidate {

	private final long repId;

	private final String displayName;

	private final boolean active;

	private final int activeLeads;

	private final Integer baselineOverride;

	private final Set<String> skills;

	private final Set<Long> regionIds;

	private final ServiceArea serviceArea;

	private final int gradeAWon30d;

	private final int gradeAClosed30d;

	private final int gradeAReceivedInWindow;

	private final Instant lastAssignedAt;

	/** Interned and sorted, for identity comparison when a requirement has no bit (see {@link Bits}). */
	final String[] skillCodes;

	/** {@link Bits#SKILLS} of {@link #skills}. */
	final long skillBits;

	/** {@link Bits#REGIONS} of {@link #regionIds}. */
	final long regionBits;

	/** 0 when the policy's role baseline applies. */
	final int ownBaseline;

	final boolean hasArea;

	final double baseX;

	final double baseY;

	final double baseZ;

	final double radiusKm;

	/**
	 * @param repId the rep's user id
	 * @param displayName for explanations only
	 * @param active account status is ACTIVE, as re-read in the allocation transaction
	 * @param activeLeads leads the rep currently owns and works
	 * @param baselineOverride this rep's own baseline (e.g. part-time), or {@code null} for the policy's role
	 *        baseline
	 * @param skills industry / product-line codes the rep covers
	 * @param regionIds sales regions the rep serves
	 * @param serviceArea base and service radius, or {@code null} when unknown
	 * @param gradeAWon30d grade-A leads won in the last 30 days
	 * @param gradeAClosed30d grade-A leads closed (won or lost) in the last 30 days, at least {@code gradeAWon30d}
	 * @param gradeAReceivedInWindow grade-A leads assigned to the rep within the policy's fairness window
	 * @param lastAssignedAt when the rep last got a lead, {@code null} if never (round robin)
	 */
	public Candidate(long repId, String displayName, boolean active, int activeLeads, Integer baselineOverride,
			Set<String> skills, Set<Long> regionIds, ServiceArea serviceArea, int gradeAWon30d, int gradeAClosed30d,
			int gradeAReceivedInWindow, Instant lastAssignedAt) {
		if (activeLeads < 0 || gradeAWon30d < 0 || gradeAReceivedInWindow < 0 || gradeAClosed30d < gradeAWon30d) {
			throw new IllegalArgumentException("counts must be non-negative and won ≤ closed for rep " + repId);
		}
		if (baselineOverride != null && baselineOverride <= 0) {
			throw new IllegalArgumentException("baseline must be positive for rep " + repId);
		}
		this.repId = repId;
		this.displayName = Objects.requireNonNull(displayName, "displayName");
		this.active = active;
		this.activeLeads = activeLeads;
		this.baselineOverride = baselineOverride;
		this.skillCodes = skills.stream().map(String::intern).sorted().toArray(String[]::new);
		this.skills = Set.of(skillCodes);
		this.regionIds = Set.copyOf(regionIds);
		this.skillBits = Bits.SKILLS.maskOf(this.skills);
		this.regionBits = Bits.REGIONS.maskOf(this.regionIds);
		this.serviceArea = serviceArea;
		this.gradeAWon30d = gradeAWon30d;
		this.gradeAClosed30d = gradeAClosed30d;
		this.gradeAReceivedInWindow = gradeAReceivedInWindow;
		this.lastAssignedAt = lastAssignedAt;
		this.ownBaseline = baselineOverride == null ? 0 : baselineOverride;
		this.hasArea = serviceArea != null;
		this.baseX = hasArea ? serviceArea.base().x : 0;
		this.baseY = hasArea ? serviceArea.base().y : 0;
		this.baseZ = hasArea ? serviceArea.base().z : 0;
		this.radiusKm = hasArea ? serviceArea.radiusKm() : 0;
	}

	public long repId() {
		return repId;
	}

	public String displayName() {
		return displayName;
	}

	public boolean active() {
		return active;
	}

	public int activeLeads() {
		return activeLeads;
	}

	public Integer baselineOverride() {
		return baselineOverride;
	}

	public Set<String> skills() {
		return skills;
	}

	public Set<Long> regionIds() {
		return regionIds;
	}

	public ServiceArea serviceArea() {
		return serviceArea;
	}

	public int gradeAWon30d() {
		return gradeAWon30d;
	}

	public int gradeAClosed30d() {
		return gradeAClosed30d;
	}

	public int gradeAReceivedInWindow() {
		return gradeAReceivedInWindow;
	}

	public Instant lastAssignedAt() {
		return lastAssignedAt;
	}

	/** Whether the rep serves the region. */
	public boolean serves(long regionId) {
		long mask = Bits.REGIONS.mask(regionId);
		return mask != 0 ? (regionBits & mask) != 0 : regionIds.contains(regionId);
	}

	/** Whether the rep has the skill; {@code internedSkill} must be {@link String#intern() interned}. */
	boolean hasInterned(String internedSkill) {
		for (String code : skillCodes) {
			if (code == internedSkill) {
				return true;
			}
		}
		return false;
	}

	/** The baseline that makes this rep's load rate 100 %. */
	public int baseline(AllocationPolicy policy) {
		return ownBaseline != 0 ? ownBaseline : policy.roleBaseline();
	}

	/** Active leads / baseline, not clamped: 1.5 means 150 % (SPEC 负荷率). */
	public double loadRate(AllocationPolicy policy) {
		return (double) activeLeads / baseline(policy);
	}

	@Override
	public String toString() {
		return "Candidate[" + repId + " " + displayName + (active ? "" : " inactive") + ", " + activeLeads
				+ " active leads, skills " + Arrays.toString(skillCodes) + ", regions " + regionIds + "]";
	}

	/** An active rep with nothing yet: no leads, skills, regions, area or history. */
	public static Builder builder(long repId, String displayName) {
		return new Builder(repId, displayName);
	}

	public Builder toBuilder() {
		return new Builder(repId, displayName).active(active)
			.activeLeads(activeLeads)
			.baselineOverride(baselineOverride)
			.skills(skills)
			.regionIds(regionIds)
			.serviceArea(serviceArea)
			.gradeA(gradeAWon30d, gradeAClosed30d)
			.gradeAReceivedInWindow(gradeAReceivedInWindow)
			.lastAssignedAt(lastAssignedAt);
	}

	public static final class Builder {

		private final long repId;

		private final String displayName;

		private boolean active = true;

		private int activeLeads;

		private Integer baselineOverride;

		private Set<String> skills = Set.of();

		private Set<Long> regionIds = Set.of();

		private ServiceArea serviceArea;

		private int gradeAWon30d;

		private int gradeAClosed30d;

		private int gradeAReceivedInWindow;

		private Instant lastAssignedAt;

		private Builder(long repId, String displayName) {
			this.repId = repId;
			this.displayName = displayName;
		}

		public Builder active(boolean active) {
			this.active = active;
			return this;
		}

		public Builder activeLeads(int activeLeads) {
			this.activeLeads = activeLeads;
			return this;
		}

		public Builder baselineOverride(Integer baselineOverride) {
			this.baselineOverride = baselineOverride;
			return this;
		}

		public Builder skills(Set<String> skills) {
			this.skills = skills;
			return this;
		}

		public Builder regionIds(Set<Long> regionIds) {
			this.regionIds = regionIds;
			return this;
		}

		public Builder serviceArea(ServiceArea serviceArea) {
			this.serviceArea = serviceArea;
			return this;
		}

		public Builder serviceArea(double latitude, double longitude, double radiusKm) {
			return serviceArea(new ServiceArea(GeoPoint.of(latitude, longitude), radiusKm));
		}

		public Builder gradeA(int won30d, int closed30d) {
			this.gradeAWon30d = won30d;
			this.gradeAClosed30d = closed30d;
			return this;
		}

		public Builder gradeAReceivedInWindow(int received) {
			this.gradeAReceivedInWindow = received;
			return this;
		}

		public Builder lastAssignedAt(Instant lastAssignedAt) {
			this.lastAssignedAt = lastAssignedAt;
			return this;
		}

		public Candidate build() {
			return new Candidate(repId, displayName, active, activeLeads, baselineOverride, skills, regionIds,
					serviceArea, gradeAWon30d, gradeAClosed30d, gradeAReceivedInWindow, lastAssignedAt);
		}
	}
}
