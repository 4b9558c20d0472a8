package dev.closer.pipeline.internal;

import java.time.Instant;

/** A deliverable uploaded for an opportunity's stage (SPEC O3): the stored file's checksum, type and time. */
record DeliverableView(long id, long opportunityId, String stageCode, String kind, long fileId, String sha256,
		String fileType, String fileName, long size, String signer, Instant uploadedAt, long uploadedBy,
		String uploadedByName) {

	Gate.Upload upload() {
		return new Gate.Upload(id, kind, fileType, sha256, uploadedAt, fileName);
	}
}
