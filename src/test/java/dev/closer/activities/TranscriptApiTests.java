package dev.closer.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import dev.closer.customers.CustomerFixture;
import dev.closer.leads.LeadFixture;
import dev.closer.support.IntegrationTest;

/**
 * SPEC F4: call transcripts on a customer: common time formats, keyword spotting in Chinese and English with the
 * timestamped summary stored on the customer and shown on its timeline; bad input (out of order, overlapping,
 * empty text, limits, unknown customer, other team) refused with nothing saved; idempotency; the paste page.
 */
@IntegrationTest
class TranscriptApiTests {

	static final String CALL = """
			{"source":"WECOM","callId":"call-1","segments":[
			 {"start":"00:00:03.200","end":"00:00:06","speaker":"销售","text":"您好，我是张伟，上次聊到的方案您看了吗？"},
			 {"start":6.5,"end":12,"speaker":"客户","text":"看了，我们今年的预算大概五十万，你们的报价是多少？"},
			 {"start":"00:00:12","speaker":"销售","text":"报价我下午发您，交付周期三个月。"},
			 {"startTime":"00:01:05.5","speaker":"客户","content":"竞品说他们两个月就能交付，决策时间在下个月。"},
			 {"start":70,"speaker":"customer","text":"And what about the Budget for training?"}
			]}""";

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	CustomerFixture fx;

	@BeforeEach
	void setUp() throws Exception {
		fx = new CustomerFixture(mvc, jdbc);
	}

	@Test
	void aTranscriptIsStoredWithATimestampedSummaryPerTopic() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		String body = attach(t.repToken(), customer, CALL, null)
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", containsString("/api/transcripts/")))
			.andExpect(jsonPath("$.source").value("WECOM"))
			.andExpect(jsonPath("$.callId").value("call-1"))
			.andExpect(jsonPath("$.segmentCount").value(5))
			.andExpect(jsonPath("$.durationMs").value(70000))
			.andExpect(jsonPath("$.questions").value(2))
			.andExpect(jsonPath("$.dictionaryVersion").isNumber())
			.andExpect(jsonPath("$.summary[?(@.topic=='BUDGET')].count").value(2))
			.andExpect(jsonPath("$.summary[?(@.topic=='BUDGET')].customerCount").value(2))
			.andExpect(jsonPath("$.summary[?(@.topic=='BUDGET')].hits[0].at").value("00:06"))
			.andExpect(jsonPath("$.summary[?(@.topic=='BUDGET')].hits[0].term").value("预算"))
			.andExpect(jsonPath("$.summary[?(@.topic=='BUDGET')].hits[0].speaker").value("客户"))
			.andExpect(jsonPath("$.summary[?(@.topic=='BUDGET')].hits[1].at").value("01:10"))
			.andExpect(jsonPath("$.summary[?(@.topic=='BUDGET')].hits[1].term").value("budget"))
			.andExpect(jsonPath("$.summary[?(@.topic=='PRICE')].count").value(2))
			.andExpect(jsonPath("$.summary[?(@.topic=='PRICE')].customerCount").value(1))
			.andExpect(jsonPath("$.summary[?(@.topic=='DELIVERY_TIME')].count").value(2))
			.andExpect(jsonPath("$.summary[?(@.topic=='DELIVERY_TIME')].hits[0].term").value("交付周期"))
			.andExpect(jsonPath("$.summary[?(@.topic=='DELIVERY_TIME')].hits[1].at").value("01:05"))
			.andExpect(jsonPath("$.summary[?(@.topic=='COMPETITOR')].count").value(1))
			.andExpect(jsonPath("$.summary[?(@.topic=='DECISION_TIME')].hits[0].term").value("决策时间"))
			.andExpect(jsonPath("$.summary[?(@.topic=='AFTER_SALES')].hits[0].term").value("training"))
			.andReturn().getResponse().getContentAsString();
		long id = ((Number) JsonPath.read(body, "$.id")).longValue();
		assertThat(jdbc.sql("select count(*) from topic_mention where transcript_id = :t").param("t", id)
			.query(Long.class).single()).isEqualTo(9);
		mvc.perform(get("/api/transcripts/" + id).header("Authorization", t.managerToken()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.segments.length()").value(5))
			.andExpect(jsonPath("$.segments[1].customerSide").value(true))
			.andExpect(jsonPath("$.segments[1].question").value(true))
			.andExpect(jsonPath("$.segments[0].customerSide").value(false))
			.andExpect(jsonPath("$.segments[0].question").value(false))
			.andExpect(jsonPath("$.segments[3].start").value("01:05"));
		mvc.perform(get("/api/customers/" + customer + "/transcripts").header("Authorization", t.repToken()))
			.andExpect(jsonPath("$.length()").value(1));
		// on the customer's timeline and on its own page
		mvc.perform(get("/customers/" + customer).session(fx.login(t.rep())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("transcript-" + id)))
			.andExpect(content().string(containsString("今年的预算大概五十万")));
		mvc.perform(get("/activities/transcripts/" + id).session(fx.login(t.rep())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("transcript-segments")))
			.andExpect(content().string(containsString("决策时间在下个月")));
	}

	@Test
	void badTranscriptsAreRefusedNamingTheSegmentAndSaveNothing() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		refused(t, customer, """
				{"segments":[{"start":5,"text":"预算多少"},{"start":3,"text":"五十万"}]}""", "segments[1].start",
				"Segment 1 starts at 00:03, before segment 0 (00:05): segments must be in time order.");
		refused(t, customer, """
				{"segments":[{"start":"00:00:01","end":"00:00:09","text":"预算多少"},{"start":"00:00:08","text":"五十万"}]}""",
				"segments[1].start", "Segment 0 runs until 00:09, past the start of segment 1 (00:08): segments must not overlap.");
		refused(t, customer, """
				{"segments":[]}""", "segments", "A transcript needs at least one segment.");
		refused(t, customer, """
				{"segments":[{"start":1,"text":"  "}]}""", "segments[0].text", "Segment 0 has no text.");
		refused(t, customer, """
				{"segments":[{"start":-1,"text":"预算"}]}""", "segments[0].start", "Segment 0 starts or ends before 0.");
		refused(t, customer, """
				{"segments":[{"start":"later","text":"预算"}]}""", "segments[0].start",
				"Segment 0: “later” is not a time (seconds, or hh:mm:ss.fff).");
		refused(t, customer, """
				{"segments":[{"text":"预算"}]}""", "segments[0].start", "Segment 0 has no start time.");
		refused(t, customer, """
				{"segments":[{"start":4,"end":2,"text":"预算"}]}""", "segments[0].end", "Segment 0 ends before it starts.");
		refused(t, customer, """
				{"source":"SKYPE","segments":[{"start":1,"text":"预算"}]}""", "source",
				"“SKYPE” is not a transcript source (WECOM, DINGTALK, FEISHU, ASR, OTHER).");
		refused(t, customer, "{\"segments\":[{\"start\":1,\"text\":\"" + "长".repeat(2001) + "\"}]}", "segments[0].text",
				"Segment 0 is longer than 2,000 characters.");
		StringBuilder many = new StringBuilder("{\"segments\":[");
		for (int i = 0; i <= 2000; i++) {
			many.append(i == 0 ? "" : ",").append("{\"start\":").append(i).append(",\"text\":\"嗯\"}");
		}
		refused(t, customer, many + "]}", "segments", "A transcript has at most 2,000 segments.");
		assertThat(saved(customer)).isZero();
		assertThat(jdbc.sql("select count(*) from topic_mention where customer_id = :c").param("c", customer)
			.query(Long.class).single()).isZero();
	}

	@Test
	void anUnknownCustomerOrOneOfAnotherTeamIs404AndNothingIsSaved() throws Exception {
		CustomerFixture.Team mine = fx.team();
		CustomerFixture.Team theirs = fx.team();
		long customer = fx.customer(mine);
		attach(theirs.repToken(), customer, CALL, null).andExpect(status().isNotFound());
		attach(theirs.managerToken(), customer, CALL, null).andExpect(status().isNotFound());
		attach(mine.repToken(), 987_654_321L, CALL, null).andExpect(status().isNotFound());
		assertThat(saved(customer)).isZero();
		String body = attach(mine.repToken(), customer, CALL, null).andExpect(status().isCreated()).andReturn()
			.getResponse().getContentAsString();
		long id = ((Number) JsonPath.read(body, "$.id")).longValue();
		mvc.perform(get("/api/transcripts/" + id).header("Authorization", theirs.repToken())).andExpect(status().isNotFound());
		mvc.perform(get("/api/customers/" + customer + "/transcripts").header("Authorization", theirs.managerToken()))
			.andExpect(status().isNotFound());
		mvc.perform(get("/activities/transcripts/" + id).session(fx.login(theirs.rep()))).andExpect(status().isNotFound());
	}

	@Test
	void theSameIdempotencyKeyAttachesOnce() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		String key = LeadFixture.unique("tr-");
		String first = attach(t.repToken(), customer, CALL, key).andExpect(status().isCreated()).andReturn().getResponse()
			.getContentAsString();
		attach(t.repToken(), customer, CALL, key).andExpect(status().isCreated())
			.andExpect(header().string("Idempotent-Replayed", "true"))
			.andExpect(jsonPath("$.id").value(((Number) JsonPath.read(first, "$.id")).longValue()));
		attach(t.repToken(), customer, CALL.replace("call-1", "call-2"), key).andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.code").value("error.idempotency.mismatch"));
		assertThat(saved(customer)).isEqualTo(1);
	}

	@Test
	void thePageTakesPastedOrUploadedJsonAndShowsErrorsInPlace() throws Exception {
		CustomerFixture.Team t = fx.team();
		long customer = fx.customer(t);
		var session = fx.login(t.rep());
		mvc.perform(get("/activities/transcripts/new").param("customerId", String.valueOf(customer)).session(session))
			.andExpect(status().isOk()).andExpect(content().string(containsString("transcript-form")));
		mvc.perform(post("/activities/transcripts/new").session(session).with(csrf())
				.param("customerId", String.valueOf(customer)).param("json", "{not json")
				.param("idempotencyKey", LeadFixture.unique("p-")))
			.andExpect(status().isOk()).andExpect(content().string(containsString("transcript-error")));
		mvc.perform(post("/activities/transcripts/new").session(session).with(csrf()).header("Accept-Language", "en")
				.param("customerId", String.valueOf(customer))
				.param("json", "{\"segments\":[{\"start\":5,\"text\":\"a\"},{\"start\":1,\"text\":\"b\"}]}")
				.param("idempotencyKey", LeadFixture.unique("p-")))
			.andExpect(status().isOk()).andExpect(content().string(containsString("segments must be in time order")));
		assertThat(saved(customer)).isZero();
		mvc.perform(multipart("/activities/transcripts/new")
				.file(new MockMultipartFile("file", "call.json", "application/json", CALL.getBytes(StandardCharsets.UTF_8)))
				.session(session).with(csrf()).param("customerId", String.valueOf(customer))
				.param("idempotencyKey", LeadFixture.unique("p-")))
			.andExpect(status().is3xxRedirection());
		assertThat(saved(customer)).isEqualTo(1);
	}

	private void refused(CustomerFixture.Team t, long customer, String json, String field, String detail) throws Exception {
		attach(t.repToken(), customer, json, null)
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value(field))
			.andExpect(jsonPath("$.detail").value(detail));
	}

	private ResultActions attach(String token, long customer, String json, String key) throws Exception {
		var request = post("/api/customers/" + customer + "/transcripts").header("Authorization", token)
			.header("Accept-Language", "en").contentType(MediaType.APPLICATION_JSON).content(json);
		if (key != null) {
			request = request.header("Idempotency-Key", key);
		}
		return mvc.perform(request);
	}

	private long saved(long customer) {
		return jdbc.sql("select count(*) from transcript where customer_id = :c").param("c", customer).query(Long.class)
			.single();
	}
}
