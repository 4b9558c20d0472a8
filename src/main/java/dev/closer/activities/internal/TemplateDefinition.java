package dev.closer.activities.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.closer.shared.problem.BusinessException;

/**
 * A scenario template (SPEC F2) as stored (JSON, one version per save): names in both languages, whether reps
 * may pick it, and typed fields (text, number with an optional range, choice, date), each with labels in both
 * languages and a required flag. {@link #problems()} validates an edited definition; {@link #check} validates a
 * follow-up's values against it and names the first bad field in the caller's language.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TemplateDefinition(Map<String, String> names, Boolean active, List<Field> fields) {

	static final int MAX_FIELDS = 20;

	static final int MAX_OPTIONS = 30;

	static final int TEXT_MAX = 2000;

	static final int TEXT_DEFAULT = 1000;

	static final Pattern CODE = Pattern.compile("^[A-Z][A-Z0-9_]{1,39}$");

	static final Pattern NAME = Pattern.compile("^[a-z][A-Za-z0-9]{0,39}$");

	static final Pattern OPTION = Pattern.compile("^[A-Z0-9][A-Z0-9_]{0,39}$");

	static final List<String> LANGUAGES = List.of("en", "zh-CN");

	enum Type {
		TEXT, NUMBER, CHOICE, DATE
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Field(String name, Type type, Boolean required, Map<String, String> labels, BigDecimal min, BigDecimal max,
			Boolean integer, Integer maxLength, List<Option> options) {

		public boolean mandatory() {
			return Boolean.TRUE.equals(required);
		}

		public boolean wholeNumbers() {
			return Boolean.TRUE.equals(integer);
		}

		public int textMax() {
			return maxLength == null ? TEXT_DEFAULT : maxLength;
		}

		public String label(Locale locale) {
			return TemplateDefinition.label(labels, locale, name);
		}

		/** A small whole-number range (acceptance 1-5) is offered as buttons rather than a number box. */
		public boolean asButtons() {
			return type == Type.NUMBER && wholeNumbers() && min != null && max != null
					&& max.subtract(min).compareTo(BigDecimal.TEN) <= 0;
		}

		public List<Integer> buttonValues() {
			List<Integer> values = new ArrayList<>();
			if (asButtons()) {
				for (int v = min.intValueExact(); v <= max.intValueExact(); v++) {
					values.add(v);
				}
			}
			return values;
		}

		/** The options as the editor shows them, one per line: {@code CODE | English | 中文}. */
		public String optionLines() {
			if (options == null) {
				return "";
			}
			return String.join("\n", options.stream()
				.map(o -> o.code() + " | " + (o.labels() == null ? "" : o.labels().getOrDefault("en", "")) + " | "
						+ (o.labels() == null ? "" : o.labels().getOrDefault("zh-CN", "")))
				.toList());
		}

		/** How a stored value reads (a choice by its label). */
		public String display(Object value, Locale locale) {
			if (value == null) {
				return "";
			}
			if (type == Type.CHOICE && options != null) {
				for (Option o : options) {
					if (o.code().equals(String.valueOf(value))) {
						return o.label(locale);
					}
				}
			}
			if (value instanceof BigDecimal d) {
				return d.toPlainString();
			}
			return String.valueOf(value);
		}
	}

	record Option(String code, Map<String, String> labels) {

		public String label(Locale locale) {
			return TemplateDefinition.label(labels, locale, code);
		}
	}

	public boolean enabled() {
		return !Boolean.FALSE.equals(active);
	}

	public List<Field> fieldList() {
		return fields == null ? List.of() : fields;
	}

	public String name(Locale locale, String fallback) {
		return label(names, locale, fallback);
	}

	static String label(Map<String, String> labels, Locale locale, String fallback) {
		if (labels == null || labels.isEmpty()) {
			return fallback;
		}
		String zh = labels.get("zh-CN");
		String en = labels.get("en");
		boolean chinese = locale != null && "zh".equals(locale.getLanguage());
		String first = chinese ? zh : en;
		String second = chinese ? en : zh;
		return first != null && !first.isBlank() ? first : second != null && !second.isBlank() ? second : fallback;
	}

	/** A problem with an edited definition: the field it concerns, a message key and its arguments. */
	record Problem(String field, String key, Object... args) {

		BusinessException toException() {
			return BusinessException.invalidField(field, key, args);
		}
	}

	/** Everything wrong with this definition (empty when it may be saved). */
	List<Problem> problems() {
		List<Problem> problems = new ArrayList<>();
		labels(names, "names", 100, problems);
		if (fields == null) {
			problems.add(new Problem("fields", "error.required"));
			return problems;
		}
		if (fields.size() > MAX_FIELDS) {
			problems.add(new Problem("fields", "error.template.tooManyFields", MAX_FIELDS));
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < fields.size(); i++) {
			Field f = fields.get(i);
			String at = "fields[" + i + "]";
			if (f == null) {
				problems.add(new Problem(at, "error.required"));
				continue;
			}
			if (f.name() == null || !NAME.matcher(f.name()).matches()) {
				problems.add(new Problem(at + ".name", "error.template.fieldName", String.valueOf(f.name())));
			}
			else if (!seen.add(f.name())) {
				problems.add(new Problem(at + ".name", "error.template.fieldTwice", f.name()));
			}
			if (f.type() == null) {
				problems.add(new Problem(at + ".type", "error.required"));
			}
			labels(f.labels(), at + ".labels", 100, problems);
			if (f.min() != null && f.max() != null && f.min().compareTo(f.max()) > 0) {
				problems.add(new Problem(at + ".min", "error.template.minAboveMax", f.min().toPlainString(),
						f.max().toPlainString()));
			}
			if (f.type() != Type.NUMBER && (f.min() != null || f.max() != null || f.integer() != null)) {
				problems.add(new Problem(at + ".min", "error.template.rangeOnlyForNumbers"));
			}
			if (f.type() == Type.NUMBER && f.wholeNumbers() && ((f.min() != null && !whole(f.min()))
					|| (f.max() != null && !whole(f.max())))) {
				problems.add(new Problem(at + ".min", "error.template.wholeRange"));
			}
			if (f.maxLength() != null && (f.type() != Type.TEXT || f.maxLength() < 1 || f.maxLength() > TEXT_MAX)) {
				problems.add(new Problem(at + ".maxLength", "error.template.maxLength", TEXT_MAX));
			}
			if (f.type() == Type.CHOICE) {
				options(f.options(), at + ".options", problems);
			}
			else if (f.options() != null && !f.options().isEmpty()) {
				problems.add(new Problem(at + ".options", "error.template.optionsOnlyForChoice"));
			}
		}
		return problems;
	}

	private static void options(List<Option> options, String at, List<Problem> problems) {
		if (options == null || options.isEmpty()) {
			problems.add(new Problem(at, "error.template.noOptions"));
			return;
		}
		if (options.size() > MAX_OPTIONS) {
			problems.add(new Problem(at, "error.template.tooManyOptions", MAX_OPTIONS));
		}
		Set<String> codes = new HashSet<>();
		for (int j = 0; j < options.size(); j++) {
			Option o = options.get(j);
			String here = at + "[" + j + "]";
			if (o == null || o.code() == null || !OPTION.matcher(o.code()).matches()) {
				problems.add(new Problem(here + ".code", "error.template.optionCode", o == null ? "" : String.valueOf(o.code())));
				continue;
			}
			if (!codes.add(o.code())) {
				problems.add(new Problem(here + ".code", "error.template.optionTwice", o.code()));
			}
			labels(o.labels(), here + ".labels", 100, problems);
		}
	}

	private static void labels(Map<String, String> labels, String at, int max, List<Problem> problems) {
		for (String language : LANGUAGES) {
			String text = labels == null ? null : labels.get(language);
			if (text == null || text.isBlank()) {
				problems.add(new Problem(at + "." + language, "error.template.labelMissing", language));
			}
			else if (text.length() > max) {
				problems.add(new Problem(at + "." + language, "error.tooLong", max));
			}
		}
		if (labels != null && labels.keySet().stream().anyMatch(k -> !LANGUAGES.contains(k))) {
			problems.add(new Problem(at, "error.template.languages"));
		}
	}

	private static boolean whole(BigDecimal d) {
		return d.stripTrailingZeros().scale() <= 0;
	}

	/**
	 * A follow-up's values checked against this definition: required fields present, each value of its type and
	 * within its range, no unknown fields. Returns them normalised (numbers as numbers, dates ISO, choices by code)
	 * in the definition's order; the first problem is refused with 422 naming {@code fields.<name>}.
	 */
	Map<String, Object> check(Map<String, ?> values, String templateName, Locale locale) {
		return check(values, templateName, locale, true, "fields.");
	}

	/**
	 * Like {@link #check(Map, String, Locale)}, but {@code requiredNow} false lets required fields stay empty (a
	 * visit's essentials may be completed later that day), and errors name {@code prefix + name}.
	 */
	Map<String, Object> check(Map<String, ?> values, String templateName, Locale locale, boolean requiredNow,
			String prefix) {
		Map<String, ?> given = values == null ? Map.of() : values;
		Map<String, Object> result = new LinkedHashMap<>();
		for (Field f : fieldList()) {
			Object raw = given.get(f.name());
			String label = f.label(locale);
			String at = prefix + f.name();
			boolean blank = raw == null || (raw instanceof String s && s.isBlank());
			if (blank) {
				if (f.mandatory() && requiredNow) {
					throw BusinessException.invalidField(at, "error.activity.field.required", label);
				}
				continue;
			}
			result.put(f.name(), switch (f.type()) {
				case TEXT -> text(f, raw, at, label);
				case NUMBER -> number(f, raw, at, label);
				case CHOICE -> choice(f, raw, at, label, locale);
				case DATE -> date(raw, at, label);
			});
		}
		for (String key : given.keySet()) {
			if (fieldList().stream().noneMatch(f -> f.name().equals(key))) {
				throw BusinessException.invalidField(prefix + key, "error.activity.field.unknown", templateName, key);
			}
		}
		return result;
	}

	private static String text(Field f, Object raw, String at, String label) {
		if (!(raw instanceof String) && !(raw instanceof Number)) {
			throw BusinessException.invalidField(at, "error.activity.field.text", label);
		}
		String s = raw.toString().strip();
		if (s.length() > f.textMax()) {
			throw BusinessException.invalidField(at, "error.activity.field.tooLong", label, f.textMax());
		}
		return s;
	}

	private static Object number(Field f, Object raw, String at, String label) {
		BigDecimal d;
		try {
			if (raw instanceof Number n) {
				d = new BigDecimal(n.toString());
			}
			else if (raw instanceof String s) {
				d = new BigDecimal(s.strip().replace(",", "").replace("，", ""));
			}
			else {
				throw new NumberFormatException();
			}
		}
		catch (NumberFormatException e) {
			throw BusinessException.invalidField(at, "error.activity.field.number", label);
		}
		if (f.wholeNumbers() && !whole(d)) {
			throw BusinessException.invalidField(at, "error.activity.field.integer", label);
		}
		boolean low = f.min() != null && d.compareTo(f.min()) < 0;
		boolean high = f.max() != null && d.compareTo(f.max()) > 0;
		if (low || high) {
			if (f.min() != null && f.max() != null) {
				throw BusinessException.invalidField(at, "error.activity.field.range", label, f.min().toPlainString(),
						f.max().toPlainString());
			}
			throw low ? BusinessException.invalidField(at, "error.activity.field.min", label, f.min().toPlainString())
					: BusinessException.invalidField(at, "error.activity.field.max", label, f.max().toPlainString());
		}
		if (d.abs().compareTo(new BigDecimal("1e15")) >= 0) {
			throw BusinessException.invalidField(at, "error.activity.field.number", label);
		}
		BigDecimal n = d.stripTrailingZeros();
		return n.scale() < 0 ? n.setScale(0) : n;
	}

	private static String choice(Field f, Object raw, String at, String label, Locale locale) {
		String s = raw.toString().strip();
		for (Option o : f.options() == null ? List.<Option>of() : f.options()) {
			if (o.code().equalsIgnoreCase(s)) {
				return o.code();
			}
		}
		String allowed = String.join(", ", (f.options() == null ? List.<Option>of() : f.options()).stream()
			.map(o -> o.code() + " (" + o.label(locale) + ")").toList());
		throw BusinessException.invalidField(at, "error.activity.field.choice", label, allowed);
	}

	private static String date(Object raw, String at, String label) {
		try {
			return LocalDate.parse(raw.toString().strip()).toString();
		}
		catch (DateTimeParseException e) {
			throw BusinessException.invalidField(at, "error.activity.field.date", label);
		}
	}
}
