package dev.closer.shared.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import dev.closer.shared.problem.BusinessException;
import dev.closer.support.IntegrationTest;
import dev.closer.support.SampleFiles;

/** SPEC P6: type by content (never by name), checksum, size, limit, nothing kept on refusal or rollback. */
@IntegrationTest
class FileStoreTests {

	@Autowired
	FileStore store;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	Clock clock;

	private long admin() {
		return jdbc.sql("select id from app_user where username = 'admin'").query(Long.class).single();
	}

	private StoredFile put(byte[] bytes, String name, Set<FileType> allowed) {
		return store.store(new ByteArrayInputStream(bytes), name, "file", allowed, admin());
	}

	@Test
	void eachKindIsKnownByItsBytesWhateverItsName() {
		assertThat(put(SampleFiles.jpeg(), "x.bin", FileType.ANY).type()).isEqualTo(FileType.JPEG);
		assertThat(put(SampleFiles.png(), "photo.jpg", FileType.ANY).type()).isEqualTo(FileType.PNG);
		assertThat(put(SampleFiles.pdf(), "方案.docx", FileType.ANY).type()).isEqualTo(FileType.PDF);
		assertThat(put(SampleFiles.docx(), "a.zip", FileType.ANY).type()).isEqualTo(FileType.DOCX);
		assertThat(put(SampleFiles.xlsx(), "a.docx", FileType.ANY).type()).isEqualTo(FileType.XLSX);
		assertThat(put(SampleFiles.pptx(), "a", FileType.ANY).type()).isEqualTo(FileType.PPTX);
		assertThat(put(SampleFiles.xls(), "a.doc", FileType.ANY).type()).isEqualTo(FileType.XLS);
		assertThat(put(SampleFiles.wav(), "call.mp3", FileType.ANY).type()).isEqualTo(FileType.WAV);
		assertThat(put(SampleFiles.text("客户纪要\n第二行"), "notes.pdf", FileType.ANY).type()).isEqualTo(FileType.TEXT);
	}

	@Test
	void storesChecksumSizeNameUploaderAndTimeAndServesTheBytesBack() throws Exception {
		byte[] pdf = SampleFiles.pdf();
		int before = count();
		java.time.Instant t0 = clock.instant().minusMillis(1);
		StoredFile f = put(pdf, "C:\\Users\\张伟\\Desktop\\报价单.pdf", FileType.DOCUMENTS);
		assertThat(count()).isEqualTo(before + 1);
		assertThat(f.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf)));
		assertThat(f.size()).isEqualTo(pdf.length);
		assertThat(f.originalName()).isEqualTo("报价单.pdf");
		assertThat(f.uploadedBy()).isEqualTo(admin());
		assertThat(f.uploadedAt()).as("upload time is the clock's").isBetween(t0, clock.instant());
		assertThat(store.find(f.id())).contains(f);
		try (InputStream in = store.open(f)) {
			assertThat(in.readAllBytes()).isEqualTo(pdf);
		}
		ResponseEntity<Resource> response = store.download(f);
		assertThat(response.getHeaders().getContentType()).hasToString("application/pdf");
		assertThat(response.getHeaders().getContentDisposition().getType()).isEqualTo("inline");
		assertThat(response.getHeaders().getContentDisposition().getFilename()).isEqualTo("报价单.pdf");
		assertThat(response.getHeaders().getETag()).isEqualTo("\"" + f.sha256() + "\"");
		StoredFile docx = put(SampleFiles.docx(), "方案.docx", FileType.DOCUMENTS);
		assertThat(store.download(docx).getHeaders().getContentDisposition().getType()).isEqualTo("attachment");
	}

	@Test
	void aPdfRenamedJpgIsRefusedWhereOnlyPhotosAreAllowedAndNothingIsKept() throws IOException {
		int rows = count();
		long files = filesOnDisk();
		assertThatThrownBy(() -> put(SampleFiles.pdf(), "visit.jpg", FileType.IMAGES))
			.isInstanceOfSatisfying(BusinessException.class, e -> {
				assertThat(e.field()).isEqualTo("file");
				assertThat(e.messageKey()).isEqualTo("error.file.type");
				assertThat(e.args()).containsExactly("PDF", "GIF, HEIC, JPG, PNG, WEBP");
			});
		assertThatThrownBy(() -> put(new byte[] { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0 }, "a.jpg", FileType.IMAGES))
			.isInstanceOfSatisfying(BusinessException.class,
					e -> assertThat(e.messageKey()).isEqualTo("error.file.typeUnknown"));
		assertThatThrownBy(() -> put(new byte[0], "empty.jpg", FileType.IMAGES))
			.isInstanceOfSatisfying(BusinessException.class,
					e -> assertThat(e.messageKey()).isEqualTo("error.file.empty"));
		assertThat(count()).isEqualTo(rows);
		assertThat(filesOnDisk()).isEqualTo(files);
	}

	@Test
	void aFileOverTheLimitIsRefusedWithoutReadingItAll() throws IOException {
		FileStore small = new FileStore(jdbc, clock, "target/test-files", DataSize.ofKilobytes(1));
		int rows = count();
		long files = filesOnDisk();
		CountingStream big = new CountingStream(50L * 1024 * 1024);
		assertThatThrownBy(() -> small.store(big, "big.jpg", "photo", FileType.IMAGES, admin()))
			.isInstanceOfSatisfying(BusinessException.class, e -> {
				assertThat(e.field()).isEqualTo("photo");
				assertThat(e.messageKey()).isEqualTo("error.file.tooLarge");
				assertThat(e.args()).containsExactly("1 KB");
			});
		assertThat(big.read).as("bytes read of a 50 MB upload").isLessThan(200_000);
		assertThat(count()).isEqualTo(rows);
		assertThat(filesOnDisk()).isEqualTo(files);
		assertThat(small.store(new ByteArrayInputStream(new byte[] { 'o', 'k' }), "a.txt", "f", FileType.ANY, admin())
			.size()).isEqualTo(2);
	}

	@Test
	void aRolledBackTransactionLeavesNeitherRowNorFile() throws IOException {
		int rows = count();
		long files = filesOnDisk();
		tx.executeWithoutResult(status -> {
			put(SampleFiles.jpeg(), "p.jpg", FileType.IMAGES);
			status.setRollbackOnly();
		});
		assertThat(count()).isEqualTo(rows);
		assertThat(filesOnDisk()).isEqualTo(files);
	}

	@Test
	void namesAreCleanedForDisplay() {
		assertThat(FileStore.cleanName("../../etc/passwd", FileType.TEXT)).isEqualTo("passwd");
		assertThat(FileStore.cleanName("a\u0000b\"c.pdf", FileType.PDF)).isEqualTo("abc.pdf");
		assertThat(FileStore.cleanName(null, FileType.JPEG)).isEqualTo("file.jpg");
		assertThat(FileStore.cleanName("..", FileType.PNG)).isEqualTo("file.png");
		assertThat(FileType.parse("jpg")).contains(FileType.JPEG);
		assertThat(FileType.parse("Pdf")).contains(FileType.PDF);
		assertThat(FileType.parse("exe")).isEmpty();
	}

	private int count() {
		return jdbc.sql("select count(*) from stored_file").query(Integer.class).single();
	}

	private static long filesOnDisk() throws IOException {
		Path root = Path.of("target/test-files/store").toAbsolutePath();
		if (!Files.exists(root)) {
			return 0;
		}
		try (var walk = Files.walk(root)) {
			return walk.filter(Files::isRegularFile).count();
		}
	}

	/** An endless stream of zero bytes that counts what was read. */
	static final class CountingStream extends InputStream {

		final long length;

		long read;

		CountingStream(long length) {
			this.length = length;
		}

		@Override
		public int read() {
			if (read >= length) {
				return -1;
			}
			read++;
			return 0;
		}

		@Override
		public int read(byte[] b, int off, int len) {
			if (read >= length) {
				return -1;
			}
			int n = (int) Math.min(len, length - read);
			java.util.Arrays.fill(b, off, off + n, (byte) 0);
			read += n;
			return n;
		}
	}
}
