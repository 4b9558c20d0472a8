package dev.closer.leads.internal.allocation;

import java.time.Instant;

/**
 * What one decision computes once and every rule and component reads: the lead's requirements in array
 * form, whether the previous owner is still in cooldown, the normalised weights, and (after eligibility)
 * the mean of grade-A leads received by the eligible reps.
 */
final class DecisionContext {

	final LeadFacts lead;

	final AllocationPolicy policy;

	final Instant now;

	/** Interned (see {@link Candidate}) and sorted, so rejection messages are stable. */
	final String[] requiredSkills;

	/** {@link Bits#SKILLS} of the required skills. */
	final long requiredSkillBits;

	/** Whether every required skill has a bit, so that matching is a mask test (else by identity on codes). */
	final boolean skillsByBits;

	final boolean hasRequiredRegion;

	final long requiredRegion;

	/** {@link Bits#REGIONS} of the required region; 0 when there is none or it has no bit. */
	final long requiredRegionBit;

	final GeoPoint customer;

	final boolean previousOwnerBlocked;

	final long previousOwnerId;

	final Instant cooldownEndsAt;

	/** weight / Σ weights, indexed by {@link Component#ordinal()}. */
	final double[] normalisedWeights;

	/** 1 / the policy's region decay distance. */
	final double inverseDecayKm;

	/** Mean grade-A leads received in the fairness window over the eligible reps; set after eligibility. */
	double fairnessMean;

	/** {@link Fairness#scale(double)} of {@link #fairnessMean}; set with it. */
	double fairnessScale;

	DecisionContext(LeadFacts lead, AllocationPolicy policy, Instant now) {
		this.lead = lead;
		this.policy = policy;
		this.now = now;
		this.requiredSkills = lead.requiredSkills().stream().map(String::intern).sorted().toArray(String[]::new);
		this.hasRequiredRegion = lead.requiredRegionId() != null;
		this.requiredRegion = hasRequiredRegion ? lead.requiredRegionId() : 0;
		this.requiredSkillBits = Bits.SKILLS.maskOf(lead.requiredSkills());
		this.skillsByBits = Bits.SKILLS.allHaveBits(lead.requiredSkills());
		this.requiredRegionBit = hasRequiredRegion ? Bits.REGIONS.mask(requiredRegion) : 0;
		this.customer = lead.customerLocation();
		if (lead.previousOwnerId() != null) {
			this.previousOwnerId = lead.previousOwnerId();
			this.cooldownEndsAt = lead.previousOwnerReleasedAt().plus(policy.reclaimCooldown());
			this.previousOwnerBlocked = now.isBefore(cooldownEndsAt);
		}
		else {
			this.previousOwnerId = 0;
			this.cooldownEndsAt = null;
			this.previousOwnerBlocked = false;
		}
		this.inverseDecayKm = 1 / policy.regionDecayKm();
		Weights w = policy.weights();
		double sum = w.sum();
		Component[] components = Component.values();
		this.normalisedWeights = new double[components.length];
		for (Component c : components) {
			normalisedWeights[c.ordinal()] = w.of(c) / sum;
		}
	}

	void fairnessMean(double mean) {
		this.fairnessMean = mean;
		this.fairnessScale = Fairness.scale(mean);
	}
}
