package dev.closer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import dev.closer.customers.CustomerFixture;
import dev.closer.shared.time.SqlTime;
import dev.closer.support.IntegrationTest;

/** "My day" shows my open opportunities: count and amount, red and yellow (S3) first, then those closing soon. */
@IntegrationTest
class PipelineMyDayTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void redAndYellowAndClosingSoonComeFirstWithCountAndTotal() throws Exception {
		PipelineFixture fx = new PipelineFixture(mvc, jdbc);
		CustomerFixture.Team team = fx.team();
		LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
		long red = fx.opportunity(team, "\"name\":\"红色商机\",\"amount\":\"100000.50\"");
		long yellow = fx.opportunity(team, "\"name\":\"黄色商机\",\"amount\":\"20000\"");
		long closing = fx.opportunity(team, "\"name\":\"本周成交\",\"amount\":\"3000\",\"expectedCloseOn\":\""
				+ today.plusDays(3) + "\"");
		long calm = fx.opportunity(team, "\"name\":\"平稳商机\",\"amount\":\"1\",\"expectedCloseOn\":\""
				+ today.plusDays(60) + "\"");
		long blocked = fx.opportunity(team, "\"name\":\"有阻塞\"");
		fx.patchFields(team.repToken(), blocked, "{\"blocker\":\"等待预算审批\"}").andExpect(status().isOk());
		age(red, Duration.ofHours(80));
		age(yellow, Duration.ofHours(50));
		age(blocked, Duration.ofHours(100));

		String html = mvc.perform(get("/").session(fx.customers.login(team.rep())).header("Accept-Language", "en"))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		String block = html.substring(html.indexOf("id=\"myday-opportunities\""));
		block = block.substring(0, block.indexOf("</ul>"));
		assertThat(block).contains(">1 red<").contains(">1 yellow<").contains("5 open, ¥123,001.50 in total.");
		assertThat(block.indexOf("红色商机")).isPositive().isLessThan(block.indexOf("黄色商机"));
		assertThat(block.indexOf("黄色商机")).isLessThan(block.indexOf("本周成交"));
		assertThat(block).doesNotContain("平稳商机").doesNotContain("有阻塞");
		assertThat(calm).isPositive();
	}

	private void age(long opportunity, Duration idle) {
		jdbc.sql("update opportunity set last_update_at = :t where id = :id")
			.param("t", SqlTime.of(Instant.now().minus(idle))).param("id", opportunity).update();
	}
}
