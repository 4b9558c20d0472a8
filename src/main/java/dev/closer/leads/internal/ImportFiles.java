package dev.closer.leads.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.closer.shared.problem.BusinessException;

/**
 * Uploaded import files on local disk (SPEC P6): stored under {@code closer.files.dir} with SHA-256 and size,
 * the type detected from the content, never from the name. A file that is neither XLSX nor CSV text is
 * refused (422) and nothing is kept.
 */
@Component
class ImportFiles {

	/** How many leading bytes the CSV check decodes. */
	static final int SNIFF_BYTES = 64 * 1024;

	static final Charset GB18030 = Charset.forName("GB18030");

	/** A stored upload. */
	record Stored(Path path, String sha256, long size, ImportJob.FileType type, String charset) {
	}

	/** What the content turned out to be. */
	record Detected(ImportJob.FileType type, Charset charset) {
	}

	private final Path root;

	ImportFiles(@Value("${closer.files.dir:./data/files}") String dir) {
		this.root = Path.of(dir).toAbsolutePath().normalize().resolve("imports");
	}

	/** Copies the upload to disk while hashing it, then checks its content; refused files are deleted. */
	Stored store(InputStream in) throws IOException {
		Files.createDirectories(root);
		Path part = Files.createTempFile(root, "upload-", ".part");
		try {
			MessageDigest sha = sha256();
			long size;
			try (DigestInputStream digesting = new DigestInputStream(in, sha);
					OutputStream out = Files.newOutputStream(part)) {
				size = digesting.transferTo(out);
			}
			Detected detected = detect(part);
			Path target = root.resolve(UUID.randomUUID() + (detected.type() == ImportJob.FileType.XLSX ? ".xlsx" : ".csv"));
			Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
			return new Stored(target, HexFormat.of().formatHex(sha.digest()), size, detected.type(),
					detected.charset() == null ? null : detected.charset().name());
		}
		catch (IOException | RuntimeException e) {
			Files.deleteIfExists(part);
			throw e;
		}
	}

	/** Where the error report of an import goes. */
	Path reportOf(long importId) throws IOException {
		Files.createDirectories(root);
		return root.resolve("import-" + importId + "-errors.xlsx");
	}

	void delete(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException e) {
			// a leftover file is harmless; the job row is what counts
		}
	}

	/**
	 * XLSX: a ZIP holding {@code [Content_Types].xml} and {@code xl/workbook.xml}. CSV: text that decodes as
	 * UTF-8 (BOM or not) or GB18030, without control characters, whose first line has a delimiter.
	 */
	static Detected detect(Path file) throws IOException {
		byte[] head;
		long size = Files.size(file);
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(SNIFF_BYTES);
		}
		if (head.length == 0) {
			throw BusinessException.invalidField("file", "error.import.emptyFile");
		}
		if (startsWith(head, 'P', 'K', 3, 4)) {
			if (isXlsx(file)) {
				return new Detected(ImportJob.FileType.XLSX, null);
			}
			throw notSupported();
		}
		boolean truncated = size > head.length;
		Charset charset = decodes(head, StandardCharsets.UTF_8, truncated) ? StandardCharsets.UTF_8
				: decodes(head, GB18030, truncated) ? GB18030 : null;
		if (charset == null || startsWith(head, '%', 'P', 'D', 'F')) {
			throw notSupported();
		}
		String text = decode(head, charset);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f') {
				throw notSupported();
			}
		}
		if (delimiterOf(text) == 0) {
			throw notSupported();
		}
		return new Detected(ImportJob.FileType.CSV, charset);
	}

	/** The delimiter of a CSV file's first line: the most frequent of comma, semicolon and tab (0 if none). */
	static char delimiter(Path file, Charset charset) throws IOException {
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(SNIFF_BYTES);
		}
		char d = delimiterOf(decode(head, charset));
		return d == 0 ? ',' : d;
	}

	static char delimiterOf(String text) {
		int end = text.indexOf('\n');
		String line = end < 0 ? text : text.substring(0, end);
		char best = 0;
		long bestCount = 0;
		for (char c : new char[] { ',', ';', '\t' }) {
			long count = line.chars().filter(ch -> ch == c).count();
			if (count > bestCount) {
				best = c;
				bestCount = count;
			}
		}
		return best;
	}

	private static boolean isXlsx(Path file) {
		try (ZipFile zip = new ZipFile(file.toFile())) {
			return zip.getEntry("[Content_Types].xml") != null && zip.getEntry("xl/workbook.xml") != null;
		}
		catch (ZipException e) {
			return false;
		}
		catch (IOException e) {
			return false;
		}
	}

	private static boolean decodes(byte[] bytes, Charset charset, boolean truncated) {
		CharsetDecoder decoder = charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		CharBuffer out = CharBuffer.allocate(bytes.length * 2 + 4);
		CoderResult result = decoder.decode(ByteBuffer.wrap(bytes), out, !truncated);
		if (result.isError()) {
			return false;
		}
		return truncated || !decoder.flush(out).isError();
	}

	private static String decode(byte[] bytes, Charset charset) {
		CharsetDecoder decoder = charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE);
		CharBuffer out = CharBuffer.allocate(bytes.length * 2 + 4);
		decoder.decode(ByteBuffer.wrap(bytes), out, false);
		out.flip();
		return out.toString();
	}

	private static boolean startsWith(byte[] bytes, int... prefix) {
		if (bytes.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if ((bytes[i] & 0xff) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static BusinessException notSupported() {
		return BusinessException.invalidField("file", "error.import.fileType");
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
