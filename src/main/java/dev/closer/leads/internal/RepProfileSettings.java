package dev.closer.leads.internal;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The editable part of a rep's allocation profile (SPEC L4), as the API takes and returns it and the audit
 * log records it. A PUT replaces the whole profile: an absent field clears it.
 */
@Schema(description = "A rep's allocation profile. Skills match a lead's industry or product line exactly (trimmed, "
		+ "case-sensitive); regions are region ids (empty: the rep's own region); base and radius go together.")
record RepProfileSettings(
		@Schema(description = "Industries / product lines the rep covers: at most 50, each 1-64 characters, no commas; "
				+ "trimmed and de-duplicated; compared with the lead's values exactly, case included",
				example = "[\"medical\", \"设备-1\"]") List<String> skills,
		@Schema(description = "Ids of the sales regions the rep serves (at most 50, each a region that has a team); "
				+ "empty means the rep's own region", example = "[1]") List<Long> regionIds,
		@Schema(description = "Latitude of the rep's base, -90..90; given together with longitude and radiusKm, or "
				+ "all three empty", example = "31.2304") Double latitude,
		@Schema(description = "Longitude of the rep's base, -180..180", example = "121.4737") Double longitude,
		@Schema(description = "Service radius around the base in km, above 0 and at most 20000",
				example = "30") Double radiusKm,
		@Schema(description = "The rep's own capacity baseline (active leads = 100 % load), 1..1000; empty means the "
				+ "team policy's role baseline", example = "6") @JsonDeserialize(using = WholeNumber.class) Integer baseline) {

	static final RepProfileSettings EMPTY = new RepProfileSettings(List.of(), List.of(), null, null, null, null);

	/** A whole number: 2.5 is refused (400), where Jackson would by default quietly truncate it to 2. */
	public static final class WholeNumber extends ValueDeserializer<Integer> {

		@Override
		public Integer deserialize(JsonParser p, DeserializationContext ctxt) {
			if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
				return p.getIntValue();
			}
			return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
		}
	}
}
