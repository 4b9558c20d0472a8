package dev.closer.notifications.internal;

import java.time.Clock;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.closer.notifications.Channel;
import dev.closer.notifications.internal.Deliveries.Delivery;
import dev.closer.shared.audit.AuditLog;
import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.problem.NotFoundException;
import dev.closer.shared.web.PageResult;

/** What admins do with the outbox: look at deliveries and give a FAILED one another attempt (audited). */
@Service
class DeliveryAdministration {

	private final Deliveries deliveries;

	private final DeliveryDispatcher dispatcher;

	private final AuditLog audit;

	private final Clock clock;

	DeliveryAdministration(Deliveries deliveries, DeliveryDispatcher dispatcher, AuditLog audit, Clock clock) {
		this.deliveries = deliveries;
		this.dispatcher = dispatcher;
		this.audit = audit;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	PageResult<Delivery> search(DeliveryStatus status, Channel channel, int page, int size) {
		return deliveries.search(status, channel, page, size);
	}

	/**
	 * Makes a FAILED delivery due now. It gets one more attempt (the attempt count is kept, so a further
	 * failure makes it FAILED again at once).
	 * @throws NotFoundException when there is no such delivery
	 * @throws BusinessException (409) when it is not FAILED
	 */
	@Transactional
	Delivery retry(long id) {
		Delivery before = deliveries.find(id).orElseThrow(() -> new NotFoundException("delivery", id));
		if (!deliveries.retry(id, clock.instant())) {
			throw BusinessException.conflict("error.delivery.notFailed", id, before.status());
		}
		audit.record("notification_delivery", id, "retry", Map.of("status", before.status().name()),
				Map.of("status", DeliveryStatus.PENDING.name()), null);
		dispatcher.kickAfterCommit();
		return deliveries.find(id).orElseThrow();
	}
}
