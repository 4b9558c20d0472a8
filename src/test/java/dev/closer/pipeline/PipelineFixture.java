package dev.closer.pipeline;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import dev.closer.customers.CustomerFixture;

/** Teams, customers and opportunities for pipeline tests, through the API (plus follow-up rows written directly). */
public final class PipelineFixture {

	/** The smallest file the store recognises as a PDF. */
	public static final byte[] PDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
		.getBytes(StandardCharsets.ISO_8859_1);

	/** A 1×1 PNG. */
	public static final byte[] PNG = java.util.Base64.getDecoder()
		.decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

	public final CustomerFixture customers;

	public final MockMvc mvc;

	public final JdbcClient jdbc;

	public PipelineFixture(MockMvc mvc, JdbcClient jdbc) throws Exception {
		this.customers = new CustomerFixture(mvc, jdbc);
		this.mvc = mvc;
		this.jdbc = jdbc;
	}

	public CustomerFixture.Team team() throws Exception {
		return customers.team();
	}

	public long customer(CustomerFixture.Team team) throws Exception {
		return customers.customer(team);
	}

	/** An opportunity on a fresh customer of the team's rep, created by the rep, with the given JSON fields added. */
	public long opportunity(CustomerFixture.Team team, String extraJson) throws Exception {
		long customer = customer(team);
		return opportunity(team.repToken(), customer, extraJson);
	}

	public long opportunity(String token, long customer, String extraJson) throws Exception {
		String body = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/opportunities").header("Authorization", token)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"customerId\":" + customer + (extraJson == null || extraJson.isBlank() ? "" : "," + extraJson)
						+ "}"))
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		return ((Number) JsonPath.read(body, "$.id")).longValue();
	}

	public ResultActions post(String token, String path, String json) throws Exception {
		return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
			.header("Authorization", token).contentType(MediaType.APPLICATION_JSON).content(json));
	}

	public ResultActions patchFields(String token, long id, String json) throws Exception {
		return mvc.perform(patch("/api/opportunities/" + id).header("Authorization", token)
			.contentType(MediaType.APPLICATION_JSON).content(json));
	}

	public ResultActions upload(String token, long id, String kind, String fileName, byte[] bytes) throws Exception {
		return mvc.perform(multipart("/api/opportunities/" + id + "/deliverables")
			.file(new MockMultipartFile("file", fileName, "application/octet-stream", bytes))
			.param("kind", kind).header("Authorization", token));
	}

	/** The opportunity's customer. */
	public long customerOf(long opportunity) {
		return jdbc.sql("select customer_id from opportunity where id = :id").param("id", opportunity)
			.query(Long.class).single();
	}

	/** A follow-up on the opportunity's customer, written directly (scenario code and channel as given). */
	public void followUp(long opportunity, String templateCode, String channel, Instant at) {
		long customer = customerOf(opportunity);
		record C(long owner, long team, String name) {
		}
		C c = jdbc.sql("select owner_id, team_id, name from customer where id = :id").param("id", customer)
			.query((rs, n) -> new C(rs.getLong(1), rs.getLong(2), rs.getString(3))).single();
		jdbc.sql("""
				insert into activity (customer_id, subject_name, channel, action_text, template_code, template_version,
				  occurred_at, created_at, actor_id, owner_id, team_id)
				values (:c, :name, :channel, 'test', :code, :v, :at, :at, :owner, :owner, :team)""")
			.param("c", customer).param("name", c.name()).param("channel", channel).param("code", templateCode)
			.param("v", templateCode == null ? null : 1).param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
			.param("owner", c.owner()).param("team", c.team()).update();
	}

	public String stage(long opportunity) {
		return jdbc.sql("select stage_code from opportunity where id = :id").param("id", opportunity)
			.query(String.class).single();
	}

	public long visits(long opportunity) {
		return jdbc.sql("select count(*) from opportunity_stage_visit where opportunity_id = :id")
			.param("id", opportunity).query(Long.class).single();
	}

	public long audits(long opportunity, String action) {
		return jdbc.sql("select count(*) from audit_log where entity_type = 'opportunity' and entity_id = :id and action = :a")
			.param("id", String.valueOf(opportunity)).param("a", action).query(Long.class).single();
	}

	public long deliverables(long opportunity) {
		return jdbc.sql("select count(*) from opportunity_deliverable where opportunity_id = :id")
			.param("id", opportunity).query(Long.class).single();
	}
}
