package dev.closer.leads.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.closer.shared.problem.BusinessException;

/**
 * Maps an import file's header to lead fields (Chinese and English synonyms, case- and space-insensitive,
 * or an explicit field→header mapping) and turns one row's cells into a {@link LeadRequest}, collecting
 * every cell error instead of stopping at the first.
 */
final class ImportColumns {

	/** Excel's limit for one cell; longer cells are refused. */
	static final int MAX_CELL = 32_767;

	/** The most characters one row may hold. */
	static final int MAX_ROW = 1024 * 1024;

	private ImportColumns() {
	}

	enum Field {
		CONTACT_NAME("contactName", "联系人", "姓名", "name", "contact"),
		PHONE("phone", "电话", "手机", "mobile"),
		EMAIL("email", "邮箱", "e-mail"),
		WECHAT_ID("wechatId", "微信", "wechat"),
		COMPANY("company", "公司", "企业"),
		INDUSTRY("industry", "行业"),
		PRODUCT_LINE("productLine", "产品线", "product"),
		ADDRESS("address", "地址"),
		LATITUDE("latitude", "纬度", "lat"),
		LONGITUDE("longitude", "经度", "lng", "lon"),
		BUDGET("budget", "预算"),
		BUDGET_CONFIRMED("budgetConfirmed", "预算已确认"),
		DECISION_CHAIN_KNOWN("decisionChainKnown", "决策链已知"),
		FIRST_CONTACT_DUE_AT("firstContactDueAt", "首次联系截止"),
		SOURCE_CHANNEL("sourceChannel", "来源", "channel", "source"),
		SOURCE_CAMPAIGN("sourceCampaign", "活动", "campaign"),
		NOTES("notes", "备注");

		final String property;

		final Set<String> names;

		Field(String property, String... synonyms) {
			this.property = property;
			var all = new java.util.HashSet<String>();
			all.add(key(property));
			Arrays.stream(synonyms).map(ImportColumns::key).forEach(all::add);
			this.names = Set.copyOf(all);
		}

		static Optional<Field> ofProperty(String property) {
			return Arrays.stream(values()).filter(f -> f.property.equals(property)).findFirst();
		}
	}

	static final Set<Field> REQUIRED = Set.of(Field.CONTACT_NAME);

	/** A header as understood: which column holds each field, and which columns are ignored. */
	record Mapping(List<String> headers, Map<Field, Integer> columns, List<String> ignored) {

		String column(Field field) {
			Integer i = columns.get(field);
			return i == null ? field.property : headers.get(i);
		}

		String header(int index) {
			return index < headers.size() ? headers.get(index) : "#" + (index + 1);
		}
	}

	/** One problem in one row; {@code column} is the header as written in the file. */
	record RowError(String column, String key, List<String> args) {

		static RowError of(String column, String key, Object... args) {
			return new RowError(column, key, Arrays.stream(args).map(String::valueOf).toList());
		}
	}

	/** The header key used for matching: lower case, without white space or underscores. */
	static String key(String header) {
		if (header == null) {
			return "";
		}
		StringBuilder sb = new StringBuilder(header.length());
		header.codePoints()
			.filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c) && c != '_' && c != '\uFEFF')
			.forEach(sb::appendCodePoint);
		return sb.toString().toLowerCase(Locale.ROOT);
	}

	/**
	 * Maps a header row. {@code override} (field property → header text) wins over synonyms for its fields.
	 * @throws BusinessException naming the missing required columns, or an override column that is absent
	 */
	static Mapping map(List<String> rawHeaders, Map<String, String> override) {
		List<String> headers = rawHeaders.stream().map(h -> h == null ? "" : h.replace("\uFEFF", "").trim()).toList();
		Map<Field, Integer> columns = new EnumMap<>(Field.class);
		Map<String, String> explicit = override == null ? Map.of() : override;
		for (var e : explicit.entrySet()) {
			Field field = Field.ofProperty(e.getKey())
				.orElseThrow(() -> BusinessException.invalidField("mapping", "error.import.mappingField", e.getKey()));
			String wanted = key(e.getValue());
			int index = -1;
			for (int i = 0; i < headers.size() && index < 0; i++) {
				if (key(headers.get(i)).equals(wanted)) {
					index = i;
				}
			}
			if (index < 0) {
				throw BusinessException.invalidField("mapping", "error.import.mappingColumn", e.getValue(), e.getKey());
			}
			columns.put(field, index);
		}
		List<String> ignored = new ArrayList<>();
		for (int i = 0; i < headers.size(); i++) {
			if (columns.containsValue(i)) {
				continue;
			}
			String k = key(headers.get(i));
			Optional<Field> field = k.isEmpty() ? Optional.empty()
					: Arrays.stream(Field.values())
						.filter(f -> !explicit.containsKey(f.property) && !columns.containsKey(f) && f.names.contains(k))
						.findFirst();
			if (field.isPresent()) {
				columns.put(field.get(), i);
			}
			else if (!headers.get(i).isEmpty()) {
				ignored.add(headers.get(i));
			}
		}
		List<String> missing = REQUIRED.stream().filter(f -> !columns.containsKey(f)).map(f -> f.property).sorted().toList();
		if (!missing.isEmpty()) {
			throw BusinessException.invalidField("file", "error.import.missingColumns", String.join(", ", missing));
		}
		return new Mapping(headers, columns, ignored);
	}

	/** Whether a row has no content at all (such rows are skipped, not counted). */
	static boolean blank(List<String> cells) {
		return cells.stream().allMatch(c -> c == null || c.isBlank());
	}

	/** The request a row stands for (cells that could not be read are left empty) and the errors found. */
	record Parsed(LeadRequest request, List<RowError> errors) {
	}

	static Parsed parse(Mapping mapping, List<String> cells, long teamId, ZoneId zone) {
		List<RowError> errors = new ArrayList<>();
		long rowLength = 0;
		for (int i = 0; i < cells.size(); i++) {
			String cell = cells.get(i);
			if (cell != null) {
				rowLength += cell.length();
				if (cell.length() > MAX_CELL) {
					errors.add(RowError.of(mapping.header(i), "error.import.cellTooLong", MAX_CELL));
				}
			}
		}
		if (rowLength > MAX_ROW) {
			errors.add(RowError.of(null, "error.import.rowTooLong", MAX_ROW));
		}
		Map<Field, String> v = new LinkedHashMap<>();
		for (var e : mapping.columns().entrySet()) {
			int i = e.getValue();
			String cell = i < cells.size() ? cells.get(i) : null;
			if (cell != null && !cell.isBlank() && cell.length() <= MAX_CELL) {
				v.put(e.getKey(), cell.trim());
			}
		}
		Double latitude = number(v, Field.LATITUDE, mapping, errors);
		Double longitude = number(v, Field.LONGITUDE, mapping, errors);
		BigDecimal budget = decimal(v, Field.BUDGET, mapping, errors);
		Boolean budgetConfirmed = bool(v, Field.BUDGET_CONFIRMED, mapping, errors);
		Boolean chainKnown = bool(v, Field.DECISION_CHAIN_KNOWN, mapping, errors);
		Instant due = instant(v, Field.FIRST_CONTACT_DUE_AT, mapping, zone, errors);
		LeadRequest request = new LeadRequest(teamId, v.get(Field.CONTACT_NAME), v.get(Field.PHONE), v.get(Field.EMAIL),
				v.get(Field.WECHAT_ID), v.get(Field.COMPANY), v.get(Field.INDUSTRY), v.get(Field.PRODUCT_LINE), null,
				v.get(Field.ADDRESS), latitude, longitude, budget, budgetConfirmed, chainKnown, due,
				v.get(Field.SOURCE_CHANNEL), v.get(Field.SOURCE_CAMPAIGN), v.get(Field.NOTES), null);
		return new Parsed(request, errors);
	}

	private static Double number(Map<Field, String> v, Field f, Mapping m, List<RowError> errors) {
		String s = v.get(f);
		if (s == null) {
			return null;
		}
		try {
			double d = Double.parseDouble(s);
			if (Double.isFinite(d)) {
				return d;
			}
		}
		catch (NumberFormatException e) {
			// reported below
		}
		errors.add(RowError.of(m.column(f), "error.import.number", s));
		return null;
	}

	private static BigDecimal decimal(Map<Field, String> v, Field f, Mapping m, List<RowError> errors) {
		String s = v.get(f);
		if (s == null) {
			return null;
		}
		try {
			return new BigDecimal(s.replace(",", "").replace("，", "").replace("¥", "").replace("￥", "").trim());
		}
		catch (NumberFormatException e) {
			errors.add(RowError.of(m.column(f), "error.import.number", s));
			return null;
		}
	}

	private static Boolean bool(Map<Field, String> v, Field f, Mapping m, List<RowError> errors) {
		String s = v.get(f);
		if (s == null) {
			return null;
		}
		switch (s.toLowerCase(Locale.ROOT)) {
			case "true", "yes", "y", "1", "是", "对", "t" -> {
				return true;
			}
			case "false", "no", "n", "0", "否", "f" -> {
				return false;
			}
			default -> {
				errors.add(RowError.of(m.column(f), "error.import.boolean", s));
				return null;
			}
		}
	}

	private static final List<DateTimeFormatter> LOCAL_TIMES = List.of(
			DateTimeFormatter.ISO_LOCAL_DATE_TIME,
			DateTimeFormatter.ofPattern("uuuu-M-d H:mm[:ss]").withResolverStyle(ResolverStyle.STRICT),
			DateTimeFormatter.ofPattern("uuuu/M/d H:mm[:ss]").withResolverStyle(ResolverStyle.STRICT));

	/** ISO-8601 with offset or zone, or a local date-time (ISO or {@code yyyy-MM-dd HH:mm}) in the uploader's zone. */
	static Instant instant(Map<Field, String> v, Field f, Mapping m, ZoneId zone, List<RowError> errors) {
		String s = v.get(f);
		if (s == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(s).toInstant();
		}
		catch (DateTimeParseException e) {
			// next form
		}
		try {
			return ZonedDateTime.parse(s).toInstant();
		}
		catch (DateTimeParseException e) {
			// next form
		}
		for (DateTimeFormatter format : LOCAL_TIMES) {
			try {
				return LocalDateTime.parse(s, format).atZone(zone).toInstant();
			}
			catch (DateTimeParseException e) {
				// next form
			}
		}
		errors.add(RowError.of(m.column(f), "error.import.dateTime", s));
		return null;
	}
}
