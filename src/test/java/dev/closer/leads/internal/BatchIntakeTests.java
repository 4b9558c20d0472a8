package dev.closer.leads.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.jayway.jsonpath.JsonPath;

import dev.closer.identity.UserDirectory;
import dev.closer.leads.LeadFixture;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.support.IntegrationTest;

/**
 * Batched intake (group commit, import chunks): the same outcome, lead by lead, as one intake after another;
 * refused leads left out without harming the rest; the reps' kept counts always equal to the lead table.
 */
@IntegrationTest
class BatchIntakeTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	BatchIntake batch;

	@Autowired
	LeadIntake intake;

	@Autowired
	UserDirectory users;

	@Autowired
	PlatformTransactionManager transactions;

	LeadFixture fx;

	@BeforeEach
	void fixture() throws Exception {
		fx = new LeadFixture(mvc, jdbc);
	}

	/** Two teams set up alike: reps with the same names, profiles and loads, the same policy. */
	private List<Long> team(long team) throws Exception {
		List<Long> reps = new ArrayList<>();
		String[] names = { "张伟", "李娜", "王芳", "刘洋" };
		int[] loads = { 5, 1, 0, 3 };
		for (int i = 0; i < names.length; i++) {
			long rep = fx.user(team, "REP", names[i]);
			fx.load(team, rep, loads[i]);
			reps.add(rep);
		}
		fx.policy(team, LeadFixture.settings("WEIGHTED", 8, 4, 5));
		return reps;
	}

	private List<LeadRequest> requests(long team) {
		List<LeadRequest> list = new ArrayList<>();
		String repeated = LeadFixture.phone();
		for (int i = 0; i < 14; i++) {
			boolean gradeA = i % 3 == 0;
			String phone = i == 6 || i == 11 ? repeated : i == 4 ? "12345" : LeadFixture.phone();
			list.add(new LeadRequest(team, "客户" + i, i == 2 ? repeated : phone, null, null,
					LeadFixture.unique("公司"), i % 2 == 0 ? "medical" : "education", null, null, null, null, null,
					gradeA ? new BigDecimal("500000") : null, gradeA, gradeA,
					gradeA ? LeadFixture.now().plus(Duration.ofHours(24)) : null, "web", null, null, null));
		}
		return list;
	}

	/** A lead's outcome with its owner named by position in the team (teams differ only in ids). */
	private static String describe(LeadIntake.Result r, List<Long> reps, Map<Long, Integer> positions) {
		Long owner = r.lead().ownerId();
		return r.outcome() + ":" + (owner == null ? "-" : "rep" + reps.indexOf(owner)) + ":" + r.lead().grade()
				+ (r.duplicateOf() == null ? "" : ":dup#" + positions.get(r.duplicateOf()));
	}

	@Test
	void aBatchDecidesAsTheSameLeadsTakenInOneAfterAnotherWould() throws Exception {
		long one = fx.team();
		long two = fx.team();
		List<Long> repsOne = team(one);
		List<Long> repsTwo = team(two);
		CurrentUser admin = ImportProcessor.actorOf(users.findByUsername("admin").orElseThrow(), java.util.Locale.ENGLISH);
		TransactionTemplate tx = new TransactionTemplate(transactions);

		List<String> alone = new ArrayList<>();
		Map<Long, Integer> positionsOne = new java.util.HashMap<>();
		List<LeadRequest> first = requests(one);
		for (int i = 0; i < first.size(); i++) {
			LeadRequest request = first.get(i);
			try {
				LeadIntake.Result r = tx.execute(s -> intake.create(request, admin));
				positionsOne.put(r.lead().id(), i);
				alone.add(describe(r, repsOne, positionsOne));
			}
			catch (BusinessException refused) {
				alone.add("refused:" + refused.messageKey());
			}
		}

		List<BatchIntake.Item> items = requests(two).stream().map(r -> new BatchIntake.Item(r, admin)).toList();
		List<BatchIntake.Outcome> outcomes = tx.execute(s -> batch.process(items));
		List<String> together = new ArrayList<>();
		Map<Long, Integer> positionsTwo = new java.util.HashMap<>();
		for (int i = 0; i < outcomes.size(); i++) {
			BatchIntake.Outcome o = outcomes.get(i);
			if (o.refusal() != null) {
				together.add("refused:" + o.refusal().messageKey());
				continue;
			}
			positionsTwo.put(o.result().lead().id(), i);
			together.add(describe(o.result(), repsTwo, positionsTwo));
		}

		assertThat(together).isEqualTo(alone);
		// the pinned story: the bad phone refused, the repeats are duplicates going to the first one's owner,
		// hard capacity 4 leaves 0 + 3 + 4 + 1 places for the 11 new leads: 8 assigned, 3 wait in the pool
		assertThat(together.get(4)).isEqualTo("refused:error.lead.phone");
		assertThat(together.get(6)).startsWith("DUPLICATE:").endsWith(":dup#2");
		assertThat(together.get(11)).startsWith("DUPLICATE:").endsWith(":dup#2");
		assertThat(together.get(6).split(":")[1]).isEqualTo(together.get(2).split(":")[1]);
		assertThat(together).filteredOn(s -> s.startsWith("ASSIGNED")).hasSize(8);
		assertThat(together).filteredOn(s -> s.startsWith("POOL")).hasSize(3);
		assertThat(together).noneMatch(s -> s.startsWith("ASSIGNED:rep0"));
		assertCountsMatch(repsOne);
		assertCountsMatch(repsTwo);
		// decisions record the lead's grade (fairness counts grade-A leads received)
		assertThat(jdbc.sql("""
				select count(*) from allocation_decision d join lead l on l.id = d.lead_id
				where l.team_id = :t and (d.lead_grade is null or d.lead_grade <> l.grade)""").param("t", two)
			.query(Long.class).single()).isZero();
	}

	@Test
	void repCountsFollowEveryMoveOfALead() throws Exception {
		long team = fx.team();
		long a = fx.user(team, "REP", "A");
		long b = fx.user(team, "REP", "B");
		long manager = fx.user(team, "MANAGER", "M");
		fx.policy(team, LeadFixture.settings("WEIGHTED", 8, 20, 20));
		List<Long> ids = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Callable<String>> jobs = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				jobs.add(() -> mvc.perform(post("/api/leads").header("Authorization", fx.admin)
						.contentType(MediaType.APPLICATION_JSON).content(LeadFixture.lead(team, LeadFixture.phone())))
					.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString());
			}
			for (Future<String> f : pool.invokeAll(jobs)) {
				ids.add(((Number) JsonPath.read(f.get(), "$.lead.id")).longValue());
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertCountsMatch(List.of(a, b));
		long first = ids.get(0);
		long owner = jdbc.sql("select owner_id from lead where id = :id").param("id", first).query(Long.class).single();
		long other = owner == a ? b : a;
		String managerToken = fx.tokenOf(manager);
		mvc.perform(post("/api/leads/" + first + "/reassign").header("Authorization", managerToken)
				.contentType(MediaType.APPLICATION_JSON).content("{\"ownerId\":%d,\"reason\":\"换人\"}".formatted(other)))
			.andExpect(status().isOk());
		assertCountsMatch(List.of(a, b));
		mvc.perform(post("/api/leads/" + first + "/release").header("Authorization", managerToken)
				.contentType(MediaType.APPLICATION_JSON).content("{\"reason\":\"无预算\"}"))
			.andExpect(status().isOk());
		assertCountsMatch(List.of(a, b));
		mvc.perform(post("/api/leads/" + first + "/claim").header("Authorization", fx.tokenOf(owner)))
			.andExpect(status().isOk()).andExpect(jsonPath("$.ownerId").value(owner));
		assertCountsMatch(List.of(a, b));
		long second = ids.get(1);
		long secondOwner = jdbc.sql("select owner_id from lead where id = :id").param("id", second).query(Long.class)
			.single();
		mvc.perform(post("/api/leads/" + second + "/convert").header("Authorization", fx.tokenOf(secondOwner))
				.contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().is2xxSuccessful());
		assertThat(jdbc.sql("select status from lead where id = :id").param("id", second).query(String.class).single())
			.isEqualTo("CONVERTED");
		assertCountsMatch(List.of(a, b));
		int before = jdbc.sql("select active_leads from rep_profile where user_id = :u").param("u", secondOwner)
			.query(Integer.class).single();
		assertThat(before).isEqualTo(jdbc.sql("select count(*) from lead where owner_id = :u and status = 'ASSIGNED'")
			.param("u", secondOwner).query(Integer.class).single());
	}

	private void assertCountsMatch(List<Long> reps) {
		for (long rep : reps) {
			int kept = jdbc.sql("select active_leads from rep_profile where user_id = :u").param("u", rep)
				.query(Integer.class).optional().orElse(0);
			int counted = jdbc.sql("select count(*) from lead where owner_id = :u and status = 'ASSIGNED'").param("u", rep)
				.query(Integer.class).single();
			assertThat(kept).as("kept count of rep %d", rep).isEqualTo(counted);
		}
	}
}
