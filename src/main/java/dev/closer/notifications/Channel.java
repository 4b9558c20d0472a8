package dev.closer.notifications;

/** Where a notification goes. */
public enum Channel {

	/** The in-app inbox (with the unread badge). */
	INBOX,

	/** The recipient's e-mail address, over SMTP. */
	EMAIL,

	/** The recipient's team robot webhooks (WeCom, DingTalk, Feishu). */
	IM,

	/**
	 * A pop-up over the recipient's open pages until they open or dismiss it. Implies the inbox: it is
	 * an inbox entry shown as a pop-up while unread.
	 */
	POPUP
}
