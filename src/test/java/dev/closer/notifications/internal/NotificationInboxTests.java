package dev.closer.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.closer.notifications.Notification;
import dev.closer.shared.security.Role;
import tools.jackson.databind.JsonNode;

/** The inbox over REST and as pages: a user only ever sees and marks their own notifications. */
class NotificationInboxTests extends NotificationsTestSupport {

	@Test
	void aUserCannotReadOrMarkAnotherUsersNotification() throws Exception {
		TestUser a = newUser(null, true, true);
		TestUser b = newUser(null, true, true);
		long bNotification = sendInbox(b, "给 B 的消息");
		String tokenA = token(a);
		String tokenB = token(b);

		MockHttpServletResponse read = mvc.perform(get("/api/notifications/{id}", bNotification).header("Authorization", tokenA))
			.andReturn().getResponse();
		assertThat(read.getStatus()).isEqualTo(404);
		assertThat(read.getContentType()).startsWith("application/problem+json");
		assertThat(status(post("/api/notifications/{id}/read", bNotification), tokenA)).isEqualTo(404);
		assertThat(json("/api/notifications", tokenA).get("total").asLong()).isZero();
		assertThat(json("/api/notifications/unread-count", tokenA).get("count").asLong()).isZero();
		assertThat(json("/api/notifications/read-all", tokenA, true).get("marked").asInt()).isZero();
		assertThat(status(post("/api/notifications/{id}/read", Long.MAX_VALUE), tokenA)).isEqualTo(404);

		// B's notification is untouched by all of A's attempts
		assertThat(json("/api/notifications/unread-count", tokenB).get("count").asLong()).isEqualTo(1);
		assertThat(json("/api/notifications/" + bNotification, tokenB).get("title").asString()).isEqualTo("给 B 的消息");
		assertThat(status(post("/api/notifications/{id}/read", bNotification), tokenB)).isEqualTo(204);
		assertThat(status(post("/api/notifications/{id}/read", bNotification), tokenB)).isEqualTo(204);
		assertThat(json("/api/notifications/unread-count", tokenB).get("count").asLong()).isZero();
		assertThat(json("/api/notifications/" + bNotification, tokenB).get("readAt").isNull()).isFalse();
	}

	@Test
	void listsNewestFirstPaginatesFiltersUnreadAndMarksAllRead() throws Exception {
		TestUser user = newUser(null, true, true);
		for (int i = 1; i <= 3; i++) {
			sendInbox(user, "n" + i);
			clock.advance(Duration.ofSeconds(1));
		}
		String auth = token(user);
		JsonNode first = json("/api/notifications?size=2&page=0", auth);
		assertThat(first.get("total").asLong()).isEqualTo(3);
		assertThat(first.get("items")).extracting(n -> n.get("title").asString()).containsExactly("n3", "n2");
		assertThat(json("/api/notifications?size=2&page=1", auth).get("items")).extracting(n -> n.get("title").asString())
			.containsExactly("n1");
		long newest = first.get("items").get(0).get("id").asLong();
		assertThat(status(post("/api/notifications/{id}/read", newest), auth)).isEqualTo(204);
		assertThat(json("/api/notifications?unread=true", auth).get("items")).extracting(n -> n.get("title").asString())
			.containsExactly("n2", "n1");
		assertThat(json("/api/notifications/read-all", auth, true).get("marked").asInt()).isEqualTo(2);
		assertThat(json("/api/notifications/unread-count", auth).get("count").asLong()).isZero();
		assertThat(mvc.perform(get("/api/notifications?page=x").header("Authorization", auth)).andReturn().getResponse()
			.getStatus()).isEqualTo(400);
		assertThat(mvc.perform(get("/api/notifications")).andReturn().getResponse().getStatus()).isEqualTo(401);
	}

	@Test
	void inboxPageShowsUnreadInBoldAndHtmxMarkReadSwapsTheListAndTheBadge() throws Exception {
		TestUser user = newUser(null, true, true);
		long first = sendInbox(user, "第一条");
		sendInbox(user, "第二条");

		String page = mvc.perform(get("/inbox").with(authentication(session(user)))).andReturn().getResponse()
			.getContentAsString();
		assertThat(page).contains("id=\"inbox-list\"", "inbox-item", "第一条", "第二条", "id=\"unread-badge\"");
		assertThat(page).contains("unread fw-bold");

		MockHttpServletResponse swapped = mvc.perform(post("/inbox").param("read", String.valueOf(first)).param("page", "0")
			.header("HX-Request", "true").with(authentication(session(user))).with(csrf())).andReturn().getResponse();
		assertThat(swapped.getStatus()).isEqualTo(200);
		String html = swapped.getContentAsString();
		assertThat(html).contains("id=\"inbox-list\"").doesNotContain("<html");
		assertThat(html).contains("/inbox?page=1").doesNotContain("read=");
		assertThat(html).containsPattern("id=\"unread-badge\"[^>]*hx-swap-oob=\"true\"[^>]*>1<");
		assertThat(inboxUnread(user)).isEqualTo(1);

		MockHttpServletResponse all = mvc.perform(post("/inbox").param("readAll", "true").header("HX-Request", "true")
			.with(authentication(session(user))).with(csrf())).andReturn().getResponse();
		assertThat(all.getContentAsString()).containsPattern("id=\"unread-badge\"[^>]*d-none");
		assertThat(all.getContentAsString()).doesNotContain("unread fw-bold");
		assertThat(inboxUnread(user)).isZero();

		// without htmx: Post/Redirect/Get; without the CSRF token: refused
		long third = sendInbox(user, "第三条");
		MockHttpServletResponse plain = mvc.perform(post("/inbox").param("read", String.valueOf(third)).with(authentication(session(user)))
			.with(csrf())).andReturn().getResponse();
		assertThat(plain.getStatus()).isEqualTo(302);
		assertThat(plain.getRedirectedUrl()).isEqualTo("/inbox?page=0");
		long fourth = sendInbox(user, "第四条");
		assertThat(mvc.perform(post("/inbox").param("read", String.valueOf(fourth)).with(authentication(session(user)))).andReturn()
			.getResponse().getStatus()).isEqualTo(403);

		// another user's notification: 404 page, nothing changed
		TestUser other = newUser(null, true, true);
		assertThat(mvc.perform(post("/inbox").param("read", String.valueOf(fourth)).header("HX-Request", "true")
			.with(authentication(session(other))).with(csrf())).andReturn().getResponse().getStatus()).isEqualTo(404);
		assertThat(inboxUnread(user)).isEqualTo(1);
	}

	@Test
	void myDayShowsTheNewestUnreadAndTheOpenLinkMarksRead() throws Exception {
		TestUser user = newUser(null, true, true);
		for (int i = 1; i <= 6; i++) {
			sendInbox(user, "提醒 " + i);
			clock.advance(Duration.ofSeconds(1));
		}
		String home = mvc.perform(get("/").with(authentication(session(user)))).andReturn().getResponse().getContentAsString();
		assertThat(home).contains("id=\"myday-inbox\"", "提醒 6", "提醒 2").doesNotContain("提醒 1<");

		long linked = tx.execute(s -> {
			notifications.send(Notification.inbox(user.id(), "test", "带链接", "b", "/inbox?page=0"));
			return jdbc.sql("select max(id) from notification where recipient_id = :r").param("r", user.id())
				.query(Long.class).single();
		});
		MockHttpServletResponse open = mvc.perform(get("/inbox/{id}/open", linked).with(authentication(session(user))))
			.andReturn().getResponse();
		assertThat(open.getRedirectedUrl()).isEqualTo("/inbox?page=0");
		assertThat(inboxUnread(user)).isEqualTo(6);
	}

	@Test
	void adminPageListsDeliveriesAndWebhooksAndIsForAdminsOnly() throws Exception {
		TestUser admin = newAdmin();
		TestUser rep = newUser(null, true, true, Role.REP);
		String html = mvc.perform(get("/admin/notifications").param("status", "SKIPPED").param("channel", "EMAIL")
			.with(authentication(session(admin)))).andReturn().getResponse().getContentAsString();
		assertThat(html).contains("id=\"webhook-form\"", "id=\"delivery-filter\"");
		assertThat(mvc.perform(get("/admin/notifications").with(authentication(session(rep)))).andReturn().getResponse()
			.getStatus()).isEqualTo(403);

		long team = newTeam();
		var refused = mvc.perform(post("/admin/notifications/webhooks").param("teamId", String.valueOf(team))
			.param("kind", "FEISHU").param("url", "file:///etc/passwd").with(authentication(session(admin))).with(csrf()))
			.andReturn();
		assertThat(refused.getResponse().getStatus()).isEqualTo(302);
		assertThat(refused.getFlashMap().get("error")).asString().contains("http");
		assertThat(jdbc.sql("select count(*) from team_webhook where team_id = :t").param("t", team).query(Long.class).single())
			.isZero();
		var added = mvc.perform(post("/admin/notifications/webhooks").param("teamId", String.valueOf(team))
			.param("kind", "FEISHU").param("url", "https://open.feishu.cn/open-apis/bot/v2/hook/abc")
			.with(authentication(session(admin))).with(csrf())).andReturn();
		assertThat(added.getFlashMap().get("message")).isNotNull();
		assertThat(jdbc.sql("select count(*) from team_webhook where team_id = :t").param("t", team).query(Long.class).single())
			.isEqualTo(1);
		String after = mvc.perform(get("/admin/notifications").with(authentication(session(admin)))).andReturn().getResponse()
			.getContentAsString();
		assertThat(after).contains("https://open.feishu.cn/open-apis/bot/v2/hook/abc");
	}

	private long sendInbox(TestUser user, String title) {
		return tx.execute(s -> {
			notifications.send(Notification.inbox(user.id(), "test.inbox", title, "正文", null));
			return jdbc.sql("select max(id) from notification where recipient_id = :r").param("r", user.id())
				.query(Long.class).single();
		});
	}

	private long inboxUnread(TestUser user) {
		return jdbc.sql("select count(*) from notification where recipient_id = :r and read_at is null")
			.param("r", user.id()).query(Long.class).single();
	}

	private int status(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String auth)
			throws Exception {
		return mvc.perform(request.header("Authorization", auth)).andReturn().getResponse().getStatus();
	}

	private JsonNode json(String path, String auth) throws Exception {
		return json(path, auth, false);
	}

	private JsonNode json(String path, String auth, boolean post) throws Exception {
		var request = post ? post(path) : get(path);
		MockHttpServletResponse response = mvc.perform(request.header("Authorization", auth)).andReturn().getResponse();
		assertThat(response.getStatus()).as(path).isBetween(200, 299);
		return read(response.getContentAsString());
	}
}
