package dev.closer.notifications.internal;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.identity.UserDirectory;
import dev.closer.notifications.Notification;
import dev.closer.notifications.Notifications;

/** SPEC P10: on an empty inbox table, a few welcome notices for demo users so the inbox is not empty. */
@Component
@Order(10)
@ConditionalOnBooleanProperty(name = "closer.demo.enabled", matchIfMissing = true)
class DemoNotificationSeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoNotificationSeeder.class);

	private final Inbox inbox;

	private final UserDirectory users;

	private final Notifications notifications;

	private final TransactionTemplate tx;

	DemoNotificationSeeder(Inbox inbox, UserDirectory users, Notifications notifications, TransactionTemplate tx) {
		this.inbox = inbox;
		this.users = users;
		this.notifications = notifications;
		this.tx = tx;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!inbox.isEmpty()) {
			return;
		}
		List<Notification> welcome = new ArrayList<>();
		users.findByUsername("admin").ifPresent(u -> {
			welcome.add(Notification.inbox(u.id(), "demo.welcome", "欢迎使用 Closer",
					"这是演示数据：40 位用户的密码都是 closer。", "/"));
			welcome.add(Notification.inbox(u.id(), "demo.webhooks", "配置团队机器人",
					"在“通知投递”页面为团队添加企业微信、钉钉或飞书机器人，提醒就会同步推送到群里。", "/admin/notifications"));
		});
		users.findByUsername("zhangwei").ifPresent(u -> {
			welcome.add(Notification.inbox(u.id(), "demo.welcome", "欢迎使用 Closer", "你的线索、跟进和提醒都会出现在这里。", "/"));
			welcome.add(Notification.inbox(u.id(), "lead.overload", "你的负载较高",
					"你目前的线索负载为 92%，请先清理待跟进的线索，新线索会优先分配给负载较低的同事。", null));
		});
		users.findByUsername("lina").ifPresent(u -> {
			welcome.add(Notification.inbox(u.id(), "demo.welcome", "欢迎使用 Closer", "你的线索、跟进和提醒都会出现在这里。", "/"));
			welcome.add(Notification.inbox(u.id(), "lead.assigned", "新线索已分配给你",
					"一条 A 级线索已分配给你，请在 30 分钟内完成首次联系。", null));
		});
		users.findByUsername("zhoumin").ifPresent(u -> {
			welcome.add(Notification.inbox(u.id(), "demo.welcome", "欢迎使用 Closer", "团队成员的预警和审批提醒会出现在这里。", "/"));
			welcome.add(Notification.inbox(u.id(), "team.weekly", "本周团队周报已生成",
					"上海一组本周新增线索 37 条，平均首次响应 1.6 小时。", null));
		});
		if (welcome.isEmpty()) {
			return;
		}
		tx.executeWithoutResult(status -> notifications.sendAll(welcome));
		log.info("Seeded {} demo notifications", welcome.size());
	}
}
