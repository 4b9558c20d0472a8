package dev.closer.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.transaction.support.TransactionTemplate;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.closer.notifications.Notifications;
import dev.closer.shared.time.SqlTime;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.security.Role;
import dev.closer.support.MutableClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Spring context for all notification tests: a movable clock, a GreenMail SMTP server on a free
 * port (stopped and restarted by the tests that need SMTP down), and helpers that create their own
 * region, team and users, so the tests hold on PostgreSQL where the database is shared and not empty.
 * Only this context dispatches deliveries (the shared test configuration turns dispatch off), so on a
 * shared PostgreSQL database no other context's clock or SMTP settings touch these deliveries.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(MutableClockConfiguration.class)
abstract class NotificationsTestSupport {

	static final String PASSWORD = "closer-test";

	static final String MAIL_FROM = "closer-notifications@test.closer.dev";

	static final GreenMail SMTP;

	static {
		SMTP = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		SMTP.start();
	}

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private static String passwordHash;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
		registry.add("spring.mail.properties.mail.smtp.connectiontimeout", () -> "2000");
		registry.add("spring.mail.properties.mail.smtp.timeout", () -> "5000");
		registry.add("closer.notifications.mail-from", () -> MAIL_FROM);
		registry.add("closer.notifications.base-url", () -> "https://closer.example.com");
		registry.add("closer.notifications.poll-interval", () -> "2s");
		registry.add("closer.notifications.dispatch-enabled", () -> "true");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	MutableClock clock;

	@Autowired
	Notifications notifications;

	@Autowired
	DeliveryDispatcher dispatcher;

	@Autowired
	Deliveries deliveries;

	@Autowired
	NotificationProperties properties;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	JsonMapper json;

	@AfterEach
	void smtpBackUp() {
		if (!SMTP.isRunning()) {
			SMTP.start();
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + SEQUENCE.incrementAndGet();
	}

	/** A new region and team of their own. */
	long newTeam() {
		var keys = new GeneratedKeyHolder();
		jdbc.sql("insert into region (name, created_at) values (:n, :at)")
			.param("n", unique("region")).param("at", SqlTime.of(clock.instant())).update(keys, "id");
		long region = keys.getKeyAs(Long.class);
		keys = new GeneratedKeyHolder();
		jdbc.sql("insert into team (region_id, name, created_at) values (:r, :n, :at)")
			.param("r", region).param("n", unique("team")).param("at", SqlTime.of(clock.instant())).update(keys, "id");
		return keys.getKeyAs(Long.class);
	}

	record TestUser(long id, String username, String email, Long teamId, Set<Role> roles) {
	}

	TestUser newUser(Long teamId, boolean withEmail, boolean active, Role... roles) {
		String username = unique("u");
		String email = withEmail ? username + "@test.closer.dev" : null;
		Set<Role> roleSet = roles.length == 0 ? EnumSet.of(Role.REP) : EnumSet.of(roles[0], roles);
		var keys = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into app_user (username, display_name, email, password_hash, status, team_id, time_zone, created_at)
				values (:u, :name, :email, :hash, :status, :team, 'Asia/Shanghai', :at)""")
			.param("u", username).param("name", "测试 " + username).param("email", email).param("hash", hash())
			.param("status", active ? "ACTIVE" : "DISABLED").param("team", teamId)
			.param("at", SqlTime.of(clock.instant()))
			.update(keys, "id");
		long id = keys.getKeyAs(Long.class);
		for (Role role : roleSet) {
			jdbc.sql("insert into user_role (user_id, role) values (:u, :r)").param("u", id).param("r", role.name()).update();
		}
		return new TestUser(id, username, email, teamId, roleSet);
	}

	TestUser newAdmin() {
		return newUser(null, true, true, Role.ADMIN);
	}

	private synchronized String hash() {
		if (passwordHash == null) {
			passwordHash = passwordEncoder.encode(PASSWORD);
		}
		return passwordHash;
	}

	/** A bearer token for the user, through the real sign-in API. */
	String token(TestUser user) throws Exception {
		String body = mvc.perform(MockMvcRequestBuilders.post("/api/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.content(json.writeValueAsString(Map.of("username", user.username(), "password", PASSWORD))))
			.andReturn().getResponse().getContentAsString();
		return "Bearer " + json.readTree(body).get("token").asString();
	}

	/** A page session for the user (the principal the identity module would put there). */
	static Authentication session(TestUser user) {
		CurrentUser current = new CurrentUser(user.id(), user.username(), user.username(), user.roles(), user.teamId(),
				null, java.time.ZoneId.of("Asia/Shanghai"), java.util.Locale.ENGLISH);
		List<SimpleGrantedAuthority> authorities = new ArrayList<>();
		user.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority(r.authority())));
		CurrentUser.Principal principal = () -> current;
		return UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
	}

	JsonNode read(String body) {
		return json.readTree(body);
	}

	List<Deliveries.Delivery> deliveriesOf(long recipientId) {
		return jdbc.sql("select id from notification_delivery where recipient_id = :r order by id")
			.param("r", recipientId).query(Long.class).list().stream()
			.map(id -> deliveries.find(id).orElseThrow()).toList();
	}

	Deliveries.Delivery delivery(long id) {
		return deliveries.find(id).orElseThrow();
	}

	long inboxCount(long recipientId) {
		return jdbc.sql("select count(*) from notification where recipient_id = :r").param("r", recipientId)
			.query(Long.class).single();
	}

	/** Waits (at most 10 s) for a condition the background dispatcher brings about. */
	static void await(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				assertThat(condition.getAsBoolean()).as("within 10 s: " + what).isTrue();
				return;
			}
			try {
				Thread.sleep(25);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
	}
}
