package dev.closer.leads.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.DataScopes;
import dev.closer.shared.security.Role;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one import job in two streaming passes (SPEC P8, L1), as the uploader.
 * <p>
 * Pass 1 validates every row exactly as intake does (cell limits, Bean Validation, {@link LeadIntake#normalise})
 * and records row errors; in ALL_OR_NOTHING mode any error rejects the file with nothing written. Pass 2 sends
 * the valid rows through {@link LeadIntake#create} (dedupe, grading, allocation) in chunks of {@value #CHUNK}
 * rows, each chunk one transaction that also moves the checkpoint {@code processed_rows} on: a re-run after a
 * crash skips the committed rows and redoes the rest, so no row is imported twice and none is lost.
 */
@Component
class ImportProcessor {

	private static final Logger log = LoggerFactory.getLogger(ImportProcessor.class);

	static final int CHUNK = 1000;

	/** Thrown when a run stops early on purpose (the {@code rowBudget} of {@link #process(long, long)}). */
	static final class Interrupted extends RuntimeException {

		Interrupted() {
			super("import interrupted", null, false, false);
		}
	}

	/** The uploader as the principal of the background thread (audit lines name them). */
	record Uploader(CurrentUser currentUser) implements CurrentUser.Principal {
	}

	private final ImportJobs jobs;

	private final ImportReport report;

	private final BatchIntake batch;

	private final LeadIntake intake;

	private final Validator validator;

	private final UserDirectory users;

	private final DataScopes scopes;

	private final JsonMapper json;

	private final Clock clock;

	private final TransactionTemplate chunkTx;

	private final TransactionTemplate rowTx;

	ImportProcessor(ImportJobs jobs, ImportReport report, LeadIntake intake, Validator validator, UserDirectory users,
			DataScopes scopes, JsonMapper json, Clock clock, PlatformTransactionManager transactions, BatchIntake batch) {
		this.batch = batch;
		this.jobs = jobs;
		this.report = report;
		this.intake = intake;
		this.validator = validator;
		this.users = users;
		this.scopes = scopes;
		this.json = json;
		this.clock = clock;
		this.chunkTx = new TransactionTemplate(transactions);
		this.rowTx = new TransactionTemplate(transactions);
		this.rowTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
	}

	/** Processes a job to its end (or does nothing if it is already finished). */
	void process(long id) {
		process(id, Long.MAX_VALUE);
	}

	/**
	 * Processes a job, stopping with {@link Interrupted} once {@code rowBudget} rows have been handled in pass 2
	 * (mid-chunk, so that chunk rolls back, as in a crash). A re-run resumes from the checkpoint.
	 */
	void process(long id, long rowBudget) {
		ImportJob job = jobs.find(id).orElse(null);
		if (job == null || job.finished()) {
			return;
		}
		Locale locale = Locale.forLanguageTag(job.locale());
		UserSummary uploader = users.find(job.createdBy()).orElse(null);
		if (uploader == null || !uploader.active()) {
			jobs.finish(id, ImportJob.Status.REJECTED, "error.import.uploaderInactive", List.of(), null, now());
			return;
		}
		CurrentUser actor = actorOf(uploader, locale);
		var authentication = UsernamePasswordAuthenticationToken.authenticated(new Uploader(actor), null,
				actor.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList());
		var context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authentication);
		var previous = SecurityContextHolder.getContext();
		SecurityContextHolder.setContext(context);
		try {
			java.util.BitSet bad = null; // rows pass 1 refused, when pass 1 ran in this run
			if (job.status() == ImportJob.Status.QUEUED || job.status() == ImportJob.Status.VALIDATING) {
				bad = new java.util.BitSet();
				if (!validate(job, actor, bad)) {
					return;
				}
				job = jobs.find(id).orElseThrow();
			}
			importRows(job, actor, rowBudget, bad);
		}
		catch (BusinessException e) {
			jobs.finish(id, ImportJob.Status.REJECTED, e.messageKey(), strings(e.args()), null, now());
		}
		catch (ImportReader.Unreadable e) {
			log.info("Import {} unreadable: {}", id, e.getCause().toString());
			jobs.finish(id, ImportJob.Status.REJECTED, "error.import.unreadable", List.of(), null, now());
		}
		catch (Interrupted e) {
			throw e;
		}
		catch (RuntimeException e) {
			log.error("Import {} failed", id, e);
			jobs.finish(id, ImportJob.Status.FAILED, "error.import.failed", List.of(), null, now());
		}
		finally {
			SecurityContextHolder.setContext(previous);
		}
	}

	/** The uploader as the acting user of a background run. */
	static CurrentUser actorOf(UserSummary user, Locale locale) {
		return new CurrentUser(user.id(), user.username(), user.displayName(), user.roles(), user.teamId(),
				user.regionId(), user.zoneId(), locale);
	}

	/** Whether {@code actor} may bring leads into {@code teamId} (the rule intake applies). */
	void checkTeam(long teamId, CurrentUser actor) {
		if (users.team(teamId).isEmpty()) {
			throw BusinessException.invalidField("teamId", "error.team.unknown", teamId);
		}
		if (actor.isAdmin() || actor.has(Role.MARKETING)) {
			return;
		}
		boolean mayAct = scopes.of(actor).teamIds().contains(teamId)
				|| (actor.teamId() != null && actor.teamId() == teamId);
		if (!mayAct) {
			throw BusinessException.invalidField("teamId", "error.team.unknown", teamId);
		}
	}

	/** Parses the field→header override; refuses unknown fields and non-text values. */
	Map<String, String> mapping(String mappingJson) {
		if (mappingJson == null || mappingJson.isBlank()) {
			return Map.of();
		}
		JsonNode node;
		try {
			node = json.readTree(mappingJson);
		}
		catch (JacksonException e) {
			throw BusinessException.invalidField("mapping", "error.import.mapping");
		}
		if (node == null || !node.isObject()) {
			throw BusinessException.invalidField("mapping", "error.import.mapping");
		}
		Map<String, String> result = new LinkedHashMap<>();
		for (var e : node.properties()) {
			if (ImportColumns.Field.ofProperty(e.getKey()).isEmpty()) {
				throw BusinessException.invalidField("mapping", "error.import.mappingField", e.getKey());
			}
			if (!e.getValue().isString() || e.getValue().asString().isBlank()) {
				throw BusinessException.invalidField("mapping", "error.import.mapping");
			}
			result.put(e.getKey(), e.getValue().asString());
		}
		return result;
	}

	/** Pass 1. Returns whether the job goes on to pass 2. */
	private boolean validate(ImportJob job, CurrentUser actor, java.util.BitSet bad) {
		long id = job.id();
		jobs.startValidation(id);
		checkTeam(job.teamId(), actor);
		Map<String, String> override = mapping(job.columnMapping());
		ZoneId zone = actor.zoneId();
		var state = new Object() {
			ImportColumns.Mapping mapping;

			int total;

			int failed;
		};
		ImportReader.read(Path.of(job.filePath()), job.fileType(), job.charset(), new ImportReader.RowHandler() {
			@Override
			public void header(List<String> cells) {
				state.mapping = ImportColumns.map(cells, override);
			}

			@Override
			public void row(int rowNo, List<String> cells) {
				state.total++;
				List<ImportColumns.RowError> errors = check(state.mapping, cells, job.teamId(), zone).errors();
				if (!errors.isEmpty()) {
					bad.set(rowNo);
					state.failed++;
					jobs.addErrors(id, rowNo, errors);
				}
				if (state.total % 1000 == 0) {
					jobs.counted(id, state.total);
				}
			}
		});
		jobs.validated(id, state.total, state.failed, state.mapping.ignored());
		if (state.total == 0) {
			throw BusinessException.invalidField("file", "error.import.noRows");
		}
		if (state.failed > 0 && job.mode() == ImportJob.Mode.ALL_OR_NOTHING) {
			String path = report.write(jobs.find(id).orElseThrow());
			jobs.finish(id, ImportJob.Status.REJECTED, "error.import.rejectedRows", List.of(String.valueOf(state.failed)),
					path, now());
			return false;
		}
		jobs.status(id, ImportJob.Status.IMPORTING);
		return true;
	}

	/** A row checked: the request to submit, and its errors (none means valid). */
	record Checked(LeadRequest request, List<ImportColumns.RowError> errors) {
	}

	/** The same checks as intake: cell limits and types, Bean Validation, contact normalisation. */
	Checked check(ImportColumns.Mapping mapping, List<String> cells, long teamId, ZoneId zone) {
		ImportColumns.Parsed parsed = ImportColumns.parse(mapping, cells, teamId, zone);
		List<ImportColumns.RowError> errors = new ArrayList<>(parsed.errors());
		Set<String> bad = new HashSet<>();
		errors.forEach(e -> bad.add(e.column()));
		for (ConstraintViolation<LeadRequest> v : validator.validate(parsed.request())) {
			String property = v.getPropertyPath().toString();
			String column = ImportColumns.Field.ofProperty(property).map(mapping::column).orElse(property);
			if (bad.add(column)) {
				errors.add(violation(column, v));
			}
		}
		try {
			LeadIntake.normalise(parsed.request());
		}
		catch (BusinessException e) {
			String column = e.field() == null ? null
					: ImportColumns.Field.ofProperty(e.field()).map(mapping::column).orElse(e.field());
			if (column == null || bad.add(column)) {
				errors.add(new ImportColumns.RowError(column, e.messageKey(), strings(e.args())));
			}
		}
		return new Checked(parsed.request(), errors);
	}

	private static ImportColumns.RowError violation(String column, ConstraintViolation<LeadRequest> v) {
		var annotation = v.getConstraintDescriptor().getAnnotation();
		if (annotation instanceof NotBlank) {
			return ImportColumns.RowError.of(column, "error.required");
		}
		if (annotation instanceof Size size) {
			return ImportColumns.RowError.of(column, "error.tooLong", size.max());
		}
		return ImportColumns.RowError.of(column, "error.import.outOfRange", v.getInvalidValue());
	}

	/** A data row waiting for its chunk. */
	private record Pending(int rowNo, List<String> cells) {
	}

	/** Pass 2, from the checkpoint on. */
	private void importRows(ImportJob job, CurrentUser actor, long rowBudget, java.util.BitSet bad) {
		Map<String, String> override = mapping(job.columnMapping());
		int skip = job.processedRows();
		var state = new Object() {
			ImportColumns.Mapping mapping;

			int seen;

			long handled;

			final List<Pending> chunk = new ArrayList<>(CHUNK);
		};
		ImportReader.read(Path.of(job.filePath()), job.fileType(), job.charset(), new ImportReader.RowHandler() {
			@Override
			public void header(List<String> cells) {
				state.mapping = ImportColumns.map(cells, override);
			}

			@Override
			public void row(int rowNo, List<String> cells) {
				if (state.seen++ < skip) {
					return;
				}
				state.chunk.add(new Pending(rowNo, cells));
				if (state.chunk.size() == CHUNK) {
					state.handled = commit(job, actor, state.mapping, state.chunk, state.handled, rowBudget, bad);
					state.chunk.clear();
				}
			}
		});
		if (!state.chunk.isEmpty()) {
			commit(job, actor, state.mapping, state.chunk, state.handled, rowBudget, bad);
		}
		ImportJob done = jobs.find(job.id()).orElseThrow();
		String path = done.failedRows() > 0 ? report.write(done) : null;
		jobs.finish(job.id(), ImportJob.Status.DONE, null, List.of(), path, now());
	}

	/**
	 * One chunk in one transaction: its leads (taken in together by {@link BatchIntake}), its pass-2 row errors
	 * and the checkpoint commit together. Should the chunk fail as a whole (say, a deadlock with another writer),
	 * it is redone row by row.
	 */
	private long commit(ImportJob job, CurrentUser actor, ImportColumns.Mapping mapping, List<Pending> chunk,
			long handledBefore, long rowBudget, java.util.BitSet bad) {
		if (handledBefore + chunk.size() <= rowBudget) {
			try {
				return chunkTx.execute(status -> {
					List<Pending> rows = new ArrayList<>();
					List<BatchIntake.Item> items = new ArrayList<>();
					for (Pending row : chunk) {
						if (bad != null) {
							// pass 1 of this run checked every row (and recorded the bad ones): the rest need only
							// parsing here, intake normalises them once more as it takes them in
							if (!bad.get(row.rowNo())) {
								rows.add(row);
								items.add(new BatchIntake.Item(
										ImportColumns.parse(mapping, row.cells(), job.teamId(), actor.zoneId()).request(), actor));
							}
							continue;
						}
						Checked checked = check(mapping, row.cells(), job.teamId(), actor.zoneId());
						if (checked.errors().isEmpty()) { // rows with errors were recorded in pass 1
							rows.add(row);
							items.add(new BatchIntake.Item(checked.request(), actor));
						}
					}
					List<BatchIntake.Outcome> outcomes = batch.process(items, false);
					int imported = 0;
					int duplicates = 0;
					int pooled = 0;
					int failed = 0;
					for (int i = 0; i < outcomes.size(); i++) {
						BatchIntake.Outcome outcome = outcomes.get(i);
						if (outcome.refusal() != null) {
							rowError(job, mapping, rows.get(i), outcome.refusal());
							failed++;
							continue;
						}
						imported++;
						if (outcome.result().outcome() == LeadIntake.Outcome.DUPLICATE) {
							duplicates++;
						}
						else if (outcome.result().outcome() == LeadIntake.Outcome.POOL) {
							pooled++;
						}
					}
					jobs.checkpoint(job.id(), chunk.size(), imported, duplicates, pooled, failed);
					return handledBefore + chunk.size();
				});
			}
			catch (BusinessException e) {
				throw e;
			}
			catch (RuntimeException e) {
				log.warn("Import {}: chunk failed as a whole, redoing it row by row", job.id(), e);
			}
		}
		return chunkTx.execute(status -> {
			long handled = handledBefore;
			int imported = 0;
			int duplicates = 0;
			int pooled = 0;
			int failed = 0;
			for (Pending row : chunk) {
				if (++handled > rowBudget) {
					throw new Interrupted();
				}
				Checked checked = check(mapping, row.cells(), job.teamId(), actor.zoneId());
				if (!checked.errors().isEmpty()) {
					continue; // recorded in pass 1
				}
				try {
					LeadIntake.Result result = rowTx.execute(s -> intake.create(checked.request(), actor));
					imported++;
					if (result.outcome() == LeadIntake.Outcome.DUPLICATE) {
						duplicates++;
					}
					else if (result.outcome() == LeadIntake.Outcome.POOL) {
						pooled++;
					}
				}
				catch (BusinessException e) {
					rowError(job, mapping, row, e);
					failed++;
				}
			}
			jobs.checkpoint(job.id(), chunk.size(), imported, duplicates, pooled, failed);
			return handled;
		});
	}

	private void rowError(ImportJob job, ImportColumns.Mapping mapping, Pending row, BusinessException e) {
		String column = e.field() == null ? null
				: ImportColumns.Field.ofProperty(e.field()).map(mapping::column).orElse(e.field());
		jobs.addErrors(job.id(), row.rowNo(), List.of(new ImportColumns.RowError(column, e.messageKey(), strings(e.args()))));
	}

	private Instant now() {
		return Instant.now(clock);
	}

	private static List<String> strings(Object[] args) {
		return args == null ? List.of() : Arrays.stream(args).map(String::valueOf).toList();
	}
}
