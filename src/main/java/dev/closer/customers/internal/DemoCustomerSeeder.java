package dev.closer.customers.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.identity.UserDirectory;
import dev.closer.identity.UserSummary;
import dev.closer.leads.ContactKeys;
import dev.closer.leads.LeadConversions;
import dev.closer.leads.LeadSnapshot;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.time.SqlTime;

/**
 * SPEC P10: the demo company's customers. After the lead history is seeded ({@code DemoLeadSeeder}, order 20),
 * about {@value #CUSTOMERS} of the converted leads (distinct companies) become customers, each with the lead's
 * contact and up to two more people, owned by the rep who converted the lead. Deterministic (fixed seed); runs
 * once, when there are no customers yet.
 */
@Component
@Order(30)
@ConditionalOnBooleanProperty(name = "closer.demo.enabled", matchIfMissing = true)
class DemoCustomerSeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoCustomerSeeder.class);

	static final int CUSTOMERS = 150;

	private static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡",
			"朱", "高", "林" };

	private static final String[] GIVEN = { "建国", "晓明", "丽娟", "志强", "海燕", "文博", "雪梅", "国华", "静怡", "子涵" };

	private static final String[] TITLES = { "院长", "设备科主任", "临床科室主任", "采购经理", "信息科主任", "财务总监", "总经理",
			"技术负责人" };

	private final JdbcClient jdbc;

	private final LeadConversions conversions;

	private final ContactKeys keys;

	private final UserDirectory users;

	private final AuditLog audit;

	private final TransactionTemplate tx;

	DemoCustomerSeeder(JdbcClient jdbc, LeadConversions conversions, ContactKeys keys, UserDirectory users,
			AuditLog audit, TransactionTemplate tx) {
		this.jdbc = jdbc;
		this.conversions = conversions;
		this.keys = keys;
		this.users = users;
		this.audit = audit;
		this.tx = tx;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (jdbc.sql("select count(*) from customer").query(Long.class).single() > 0
				|| users.findByUsername("zhangwei").isEmpty()) {
			return;
		}
		List<LeadSnapshot> converted = new ArrayList<>(conversions.converted(1_000));
		if (converted.isEmpty()) {
			return;
		}
		long started = System.nanoTime();
		Random random = new Random(20261124);
		Collections.shuffle(converted, random);
		int[] made = { 0 };
		tx.executeWithoutResult(s -> {
			Set<String> names = new HashSet<>();
			for (LeadSnapshot lead : converted) {
				if (made[0] >= CUSTOMERS) {
					break;
				}
				String norm = keys.company(lead.company());
				if (norm == null || lead.ownerId() == null || !names.add(norm)) {
					continue;
				}
				seed(lead, norm, random);
				made[0]++;
			}
		});
		log.info("Seeded {} demo customers in {} ms", made[0], (System.nanoTime() - started) / 1_000_000);
	}

	private void seed(LeadSnapshot lead, String norm, Random random) {
		Instant at = lead.closedAt() != null ? lead.closedAt() : lead.createdAt();
		String by = users.find(lead.ownerId()).map(UserSummary::username).orElse("system");
		var keysHolder = new GeneratedKeyHolder();
		jdbc.sql("""
				insert into customer (name, name_norm, industry, address, owner_id, team_id, source_lead_id, created_at,
				  created_by, updated_at)
				values (:name, :norm, :industry, :address, :owner, :team, :lead, :at, :by, :at)""")
			.param("name", lead.company()).param("norm", norm).param("industry", lead.industry())
			.param("address", lead.address()).param("owner", lead.ownerId()).param("team", lead.teamId())
			.param("lead", lead.id()).param("at", SqlTime.of(at)).param("by", by)
			.update(keysHolder, "id");
		long id = keysHolder.getKeyAs(Long.class);
		contact(id, lead.contactName(), TITLES[random.nextInt(TITLES.length)], lead.phone(), true, at);
		int more = random.nextInt(3);
		for (int i = 0; i < more; i++) {
			String name = SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
			String phone = "13" + (5 + random.nextInt(4)) + String.format("%08d", random.nextInt(100_000_000));
			contact(id, name, TITLES[random.nextInt(TITLES.length)], phone, false, at);
		}
		jdbc.sql("""
				insert into customer_lead (lead_id, customer_id, converted_at, converted_by)
				values (:lead, :c, :at, :by)""")
			.param("lead", lead.id()).param("c", id).param("at", SqlTime.of(at)).param("by", by).update();
		jdbc.sql("""
				insert into customer_owner_period (customer_id, owner_id, team_id, started_at, reason, changed_by)
				values (:c, :o, :t, :at, :reason, :by)""")
			.param("c", id).param("o", lead.ownerId()).param("t", lead.teamId()).param("at", SqlTime.of(at))
			.param("reason", "converted from lead #" + lead.id()).param("by", by).update();
		audit.record("customer", id, "create", null, Map.of("name", lead.company(), "ownerId", lead.ownerId(), "teamId",
				lead.teamId(), "fromLeadId", lead.id()), "demo data: converted from lead #" + lead.id());
	}

	private void contact(long customerId, String name, String title, String phone, boolean primary, Instant at) {
		jdbc.sql("""
				insert into customer_contact (customer_id, name, title, phone, phone_e164, is_primary, created_at, updated_at)
				values (:c, :name, :title, :phone, :e164, :primary, :at, :at)""")
			.param("c", customerId).param("name", name).param("title", title).param("phone", phone)
			.param("e164", phone == null ? null : keys.phone(phone).orElse(null)).param("primary", primary)
			.param("at", SqlTime.of(at)).update();
	}
}
