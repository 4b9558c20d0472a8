package dev.closer.notifications;

/** Where a notification goes. */
public enum Channel {

	/** The in-app inbox (with the unread badge). */
	INBOX,

	/** The recipient's e-mail address, over SMTP. */
	EMAIL,

	/** The recipient's team robot webhooks (WeCom, DingTalk, Feishu). */
	IM
}
