package dev.closer.shared.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartFile;

import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.time.SqlTime;

/**
 * The file store (SPEC P6): photos, deliverables, attachments and recordings on local disk under
 * {@code closer.files.dir}, each recorded in {@code stored_file} with its SHA-256, size, type detected from its
 * bytes ({@link ContentTypes}), the name it came with, upload time and uploader.
 * <p>
 * A store call copies the upload to a temporary file while hashing and counting it (never more than the limit
 * plus one byte is read), checks it, moves it in place and inserts the row in the caller's transaction; when
 * that transaction rolls back the file is removed again. A refusal (empty, larger than
 * {@code closer.files.max-size}, or a type the use does not allow) is a 422 naming the form field, and nothing
 * is kept. Access control belongs to the module that owns the record the file is attached to: it checks the
 * viewer's scope, then calls {@link #download}.
 */
@Service
public class FileStore {

	private static final int NAME_MAX = 255;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Path root;

	private final DataSize maxSize;

	FileStore(JdbcClient jdbc, Clock clock, @Value("${closer.files.dir:./data/files}") String dir,
			@Value("${closer.files.max-size:20MB}") DataSize maxSize) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.root = Path.of(dir).toAbsolutePath().normalize().resolve("store");
		this.maxSize = maxSize;
	}

	/** The largest file accepted, in bytes. */
	public long maxBytes() {
		return maxSize.toBytes();
	}

	/** The limit for messages: "20 MB". */
	public String maxLabel() {
		long mb = maxSize.toMegabytes();
		return mb > 0 ? mb + " MB" : maxSize.toKilobytes() + " KB";
	}

	/** Stores an uploaded form part; see the class comment. */
	public StoredFile store(MultipartFile upload, String field, Set<FileType> allowed, CurrentUser uploader) {
		if (upload == null || upload.isEmpty()) {
			throw BusinessException.invalidField(field, "error.file.empty");
		}
		if (upload.getSize() > maxBytes()) {
			throw BusinessException.invalidField(field, "error.file.tooLarge", maxLabel());
		}
		try (InputStream in = upload.getInputStream()) {
			return store(in, upload.getOriginalFilename(), field, allowed, uploader.id());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Stores a stream (import jobs, demo data, API bodies); see the class comment. */
	public StoredFile store(InputStream in, String originalName, String field, Set<FileType> allowed, long uploaderId) {
		try {
			Path tmp = root.resolve("tmp");
			Files.createDirectories(tmp);
			Path part = Files.createTempFile(tmp, "upload-", ".part");
			try {
				MessageDigest sha = MessageDigest.getInstance("SHA-256");
				long size;
				try (DigestInputStream digesting = new DigestInputStream(in, sha);
						OutputStream out = Files.newOutputStream(part)) {
					size = copyAtMost(digesting, out, maxBytes());
				}
				if (size == 0) {
					throw BusinessException.invalidField(field, "error.file.empty");
				}
				if (size > maxBytes()) {
					throw BusinessException.invalidField(field, "error.file.tooLarge", maxLabel());
				}
				Optional<FileType> type = ContentTypes.detect(part);
				if (type.isEmpty()) {
					throw BusinessException.invalidField(field, "error.file.typeUnknown", label(allowed));
				}
				if (!allowed.contains(type.get())) {
					throw BusinessException.invalidField(field, "error.file.type",
							type.get().extension().toUpperCase(java.util.Locale.ROOT), label(allowed));
				}
				Instant now = Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
				String month = OffsetDateTime.ofInstant(now, ZoneOffset.UTC).toLocalDate().toString().substring(0, 7);
				Path dir = root.resolve(month);
				Files.createDirectories(dir);
				Path target = dir.resolve(UUID.randomUUID() + "." + type.get().extension());
				Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
				String sha256 = HexFormat.of().formatHex(sha.digest());
				String name = cleanName(originalName, type.get());
				var keys = new GeneratedKeyHolder();
				try {
					jdbc.sql("""
							insert into stored_file (sha256, size_bytes, file_type, original_name, storage_path,
							  uploaded_at, uploaded_by)
							values (:sha, :size, :type, :name, :path, :at, :by)""")
						.param("sha", sha256).param("size", size).param("type", type.get().name())
						.param("name", name).param("path", root.relativize(target).toString().replace('\\', '/'))
						.param("at", SqlTime.of(now)).param("by", uploaderId)
						.update(keys, "id");
				}
				catch (RuntimeException e) {
					Files.deleteIfExists(target);
					throw e;
				}
				removeOnRollback(target);
				return new StoredFile(keys.getKeyAs(Long.class), sha256, size, type.get(), name, now, uploaderId);
			}
			finally {
				Files.deleteIfExists(part);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	public Optional<StoredFile> find(long id) {
		return jdbc.sql("""
				select id, sha256, size_bytes, file_type, original_name, uploaded_at, uploaded_by
				from stored_file where id = :id""")
			.param("id", id)
			.query((rs, n) -> new StoredFile(rs.getLong("id"), rs.getString("sha256"), rs.getLong("size_bytes"),
					FileType.valueOf(rs.getString("file_type")), rs.getString("original_name"),
					rs.getObject("uploaded_at", OffsetDateTime.class).toInstant(), rs.getLong("uploaded_by")))
			.optional();
	}

	/** Several at once, in the order asked (missing ids are left out). */
	public List<StoredFile> findAll(List<Long> ids) {
		return ids.stream().map(this::find).flatMap(Optional::stream).toList();
	}

	/** The stored bytes. The caller closes the stream. */
	public InputStream open(StoredFile file) throws IOException {
		return Files.newInputStream(pathOf(file.id()));
	}

	/**
	 * The file as an HTTP response: its detected media type (never the uploader's), inline for images and PDF,
	 * a download otherwise, with the original name, length and checksum (as an ETag). The caller has checked
	 * that the viewer may see it.
	 */
	public ResponseEntity<Resource> download(StoredFile file) {
		ContentDisposition disposition = (file.type().inline() ? ContentDisposition.inline()
				: ContentDisposition.attachment())
			.filename(file.originalName(), StandardCharsets.UTF_8)
			.build();
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(file.mediaType()))
			.contentLength(file.size())
			.eTag("\"" + file.sha256() + "\"")
			.header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
			.header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
			.header("X-Content-Type-Options", "nosniff")
			.body(new FileSystemResource(pathOf(file.id())));
	}

	private Path pathOf(long id) {
		String relative = jdbc.sql("select storage_path from stored_file where id = :id")
			.param("id", id)
			.query(String.class)
			.single();
		Path path = root.resolve(relative).normalize();
		if (!path.startsWith(root)) {
			throw new IllegalStateException("stored path outside the store: " + relative);
		}
		return path;
	}

	private static long copyAtMost(InputStream in, OutputStream out, long max) throws IOException {
		byte[] buffer = new byte[64 * 1024];
		long total = 0;
		int n;
		while ((n = in.read(buffer)) > 0) {
			total += n;
			if (total > max) {
				return total; // refused by the caller; the rest is never read
			}
			out.write(buffer, 0, n);
		}
		return total;
	}

	private static void removeOnRollback(Path target) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				if (status != STATUS_COMMITTED) {
					try {
						Files.deleteIfExists(target);
					}
					catch (IOException e) {
						// an orphan file is harmless: no row points at it
					}
				}
			}
		});
	}

	/** The name for display and download: no path, no control characters, at most 255 characters. */
	static String cleanName(String original, FileType type) {
		String name = original == null ? "" : original;
		int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
		name = name.substring(slash + 1).replaceAll("[\\p{Cntrl}\"]", "").strip();
		if (name.isEmpty() || name.equals(".") || name.equals("..")) {
			name = "file." + type.extension();
		}
		return name.length() > NAME_MAX ? name.substring(name.length() - NAME_MAX) : name;
	}

	static String label(Set<FileType> allowed) {
		return allowed.stream().map(t -> t.extension().toUpperCase(java.util.Locale.ROOT)).sorted()
			.collect(Collectors.joining(", "));
	}
}
