package dev.closer.notifications.internal;

/** The group robots Closer can post to. */
enum WebhookKind {
	WECOM, DINGTALK, FEISHU
}
