package dev.closer.identity.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.identity.AccountStatus;
import dev.closer.shared.security.Role;

/**
 * SPEC P10: on an empty database, seeds the demo company: 3 regions, 6 teams, 40 users of every
 * role, all with password {@code closer}. Runs first among the demo seeders; turned off with
 * {@code closer.demo.enabled=false}. Several instances starting at once seed once.
 */
@Component
@Order(0)
@ConditionalOnBooleanProperty(name = "closer.demo.enabled", matchIfMissing = true)
class DemoOrgSeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoOrgSeeder.class);

	static final String DEMO_PASSWORD = "closer";

	private final JdbcClient jdbc;

	private final OrgStructure org;

	private final UserAccounts accounts;

	private final PasswordEncoder passwords;

	private final TransactionTemplate tx;

	DemoOrgSeeder(JdbcClient jdbc, OrgStructure org, UserAccounts accounts, PasswordEncoder passwords,
			TransactionTemplate tx) {
		this.jdbc = jdbc;
		this.org = org;
		this.accounts = accounts;
		this.passwords = passwords;
		this.tx = tx;
	}

	/** A demo person: username, name, roles, team index (0-5) or region index for directors (-1 = none). */
	record Person(String username, String name, Set<Role> roles, int team, int region) {
	}

	static final String[] REGIONS = { "华东大区", "华南大区", "华北大区" };

	static final String[] TEAMS = { "上海一组", "杭州组", "深圳组", "广州组", "北京组", "天津组" };

	static List<Person> people() {
		List<Person> p = new ArrayList<>();
		p.add(new Person("admin", "系统管理员", EnumSet.of(Role.ADMIN), -1, -1));
		p.add(new Person("zhaolei", "赵磊", EnumSet.of(Role.DIRECTOR), -1, 0));
		p.add(new Person("qianyu", "钱瑜", EnumSet.of(Role.DIRECTOR), -1, 1));
		p.add(new Person("sunhao", "孙浩", EnumSet.of(Role.DIRECTOR), -1, 2));
		String[][] managers = { { "zhoumin", "周敏" }, { "wujie", "吴杰" }, { "zhengli", "郑丽" }, { "wangqiang", "王强" },
				{ "fengxue", "冯雪" }, { "chenchen", "陈晨" } };
		for (int t = 0; t < managers.length; t++) {
			p.add(new Person(managers[t][0], managers[t][1], EnumSet.of(Role.MANAGER), t, -1));
		}
		String[][] reps = { { "zhangwei", "张伟", "0" }, { "lina", "李娜", "0" }, { "wangfang", "王芳", "0" },
				{ "liuyang", "刘洋", "0" }, { "chenjing", "陈静", "1" }, { "yangfan", "杨帆", "1" },
				{ "huanglei", "黄磊", "1" }, { "zhaomin", "赵敏", "1" }, { "zhouxun", "周迅", "2" },
				{ "xuhui", "徐慧", "2" }, { "sunli", "孙丽", "2" }, { "mahao", "马浩", "2" }, { "zhuting", "朱婷", "3" },
				{ "hujun", "胡军", "3" }, { "guoqing", "郭庆", "3" }, { "heping", "何平", "3" }, { "linfeng", "林峰", "4" },
				{ "luoyi", "罗毅", "4" }, { "gaoyuan", "高远", "4" }, { "liangchen", "梁辰", "5" },
				{ "songjia", "宋佳", "5" }, { "tangning", "唐宁", "5" } };
		for (String[] r : reps) {
			p.add(new Person(r[0], r[1], EnumSet.of(Role.REP), Integer.parseInt(r[2]), -1));
		}
		p.add(new Person("hanmei", "韩梅", EnumSet.of(Role.PRESALES), 0, -1));
		p.add(new Person("caoyu", "曹宇", EnumSet.of(Role.PRESALES), 2, -1));
		p.add(new Person("dengchao", "邓超", EnumSet.of(Role.DELIVERY), 0, -1));
		p.add(new Person("xiaolin", "肖琳", EnumSet.of(Role.DELIVERY), 4, -1));
		p.add(new Person("panyue", "潘越", EnumSet.of(Role.AFTER_SALES), 2, -1));
		p.add(new Person("duwen", "杜文", EnumSet.of(Role.LEGAL), -1, -1));
		p.add(new Person("jiangtao", "蒋涛", EnumSet.of(Role.FINANCE), -1, -1));
		p.add(new Person("yezi", "叶子", EnumSet.of(Role.MARKETING), -1, -1));
		return p;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (jdbc.sql("select count(*) from app_user").query(Long.class).single() > 0) {
			return;
		}
		try {
			tx.executeWithoutResult(status -> seed());
			log.info("Seeded the demo company: {} regions, {} teams, {} users (password '{}')", REGIONS.length,
					TEAMS.length, people().size(), DEMO_PASSWORD);
		}
		catch (DataIntegrityViolationException e) {
			log.info("Demo company already being seeded by another instance");
		}
	}

	private void seed() {
		List<Long> regions = new ArrayList<>();
		for (String region : REGIONS) {
			regions.add(org.createRegion(region));
		}
		List<Long> teams = new ArrayList<>();
		for (int t = 0; t < TEAMS.length; t++) {
			teams.add(org.createTeam(TEAMS[t], regions.get(t / 2)));
		}
		// one hash for every demo user: hashing 40 times would add seconds to the first start
		String hash = passwords.encode(DEMO_PASSWORD);
		Map<String, Long> ids = new LinkedHashMap<>();
		for (Person person : people()) {
			Long team = person.team() >= 0 ? teams.get(person.team()) : null;
			Long region = person.region() >= 0 ? regions.get(person.region()) : null;
			var details = new UserAccounts.UserDetails(person.username(), person.name(),
					person.username() + "@demo.closer.dev", null, team, region, person.roles(), "Asia/Shanghai");
			ids.put(person.username(), accounts.insert(details, hash, AccountStatus.ACTIVE));
		}
	}
}
