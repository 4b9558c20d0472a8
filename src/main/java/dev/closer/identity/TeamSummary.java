package dev.closer.identity;

/** A team with its region, as other modules see it. */
public record TeamSummary(long id, String name, long regionId, String regionName) {
}
