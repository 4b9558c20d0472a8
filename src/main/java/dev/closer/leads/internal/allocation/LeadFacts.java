package dev.closer.leads.internal.allocation;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What the engine needs to know about the lead being allocated, as loaded by the caller.
 *
 * @param leadId the lead
 * @param teamId the team whose policy and candidates apply
 * @param grade the lead's grade; recorded with the decision, not used in scoring (the conversion and fairness
 *        components are about grade-A leads whatever the grade of this one)
 * @param requiredSkills industry / product-line codes the lead needs; empty when any rep will do. A rep must
 *        have at least one to be eligible; the share they have is the skill match
 * @param requiredRegionId the sales region the lead belongs to, or {@code null}; when set, only reps serving it
 *        are eligible
 * @param customerLocation where the customer is, or {@code null} when unknown (region match is then neutral)
 * @param previousOwnerId who owned the lead before it went back to the pool, or {@code null}
 * @param previousOwnerReleasedAt when that owner lost it; set exactly when {@code previousOwnerId} is
 */
public record LeadFacts(long leadId, long teamId, LeadGrade grade, Set<String> requiredSkills, Long requiredRegionId,
		GeoPoint customerLocation, Long previousOwnerId, Instant previousOwnerReleasedAt) {

	public LeadFacts {
		Objects.requireNonNull(grade, "grade");
		requiredSkills = Set.copyOf(requiredSkills);
		if ((previousOwnerId == null) != (previousOwnerReleasedAt == null)) {
			throw new IllegalArgumentException("previous owner and release time go together");
		}
	}

	/** A lead with no requirements, location or history. */
	public static LeadFacts of(long leadId, long teamId, LeadGrade grade) {
		return new LeadFacts(leadId, teamId, grade, Set.of(), null, null, null, null);
	}

	public LeadFacts withRequiredSkills(Set<String> skills) {
		return new LeadFacts(leadId, teamId, grade, skills, requiredRegionId, customerLocation, previousOwnerId,
				previousOwnerReleasedAt);
	}

	public LeadFacts withRequiredRegion(Long regionId) {
		return new LeadFacts(leadId, teamId, grade, requiredSkills, regionId, customerLocation, previousOwnerId,
				previousOwnerReleasedAt);
	}

	public LeadFacts withCustomerLocation(GeoPoint location) {
		return new LeadFacts(leadId, teamId, grade, requiredSkills, requiredRegionId, location, previousOwnerId,
				previousOwnerReleasedAt);
	}

	public LeadFacts withPreviousOwner(Long ownerId, Instant releasedAt) {
		return new LeadFacts(leadId, teamId, grade, requiredSkills, requiredRegionId, customerLocation, ownerId,
				releasedAt);
	}
}
