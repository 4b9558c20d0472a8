package dev.closer.pipeline.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** A tender project (SPEC O6) with its nodes, as pages and the API show it. */
record TenderView(long id, long opportunityId, String templateCode, int templateVersion, LocalDate keyDate,
		Instant createdAt, String createdBy, List<Node> nodes) {

	/** One node: owner, due, status, the deliverable it needs and the one uploaded, overdue and escalations. */
	record Node(long id, int order, String code, String nameEn, String nameZh, String ownerRole, long ownerId,
			String ownerName, LocalDate dueOn, Instant dueAt, String deliverable, List<String> fileTypes,
			String status, String skipReason, Instant doneAt, Long fileId, String fileName, String fileType,
			String fileSha256, Instant uploadedAt, boolean overdue, int escalations) {

		public String name(Locale locale) {
			return locale != null && "zh".equals(locale.getLanguage()) ? nameZh : nameEn;
		}

		public boolean open() {
			return "OPEN".equals(status);
		}
	}

	public long done() {
		return nodes.stream().filter(n -> !n.open()).count();
	}

	public long overdue() {
		return nodes.stream().filter(Node::overdue).count();
	}
}
