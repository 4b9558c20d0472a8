package dev.closer.shared.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipFile;

import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;

/**
 * Tells a file's type from its bytes (SPEC P6: "type checked by content, not by extension"). Apache Tika's magic
 * database does the first cut without ever seeing the file name; Office containers, which Tika's core only knows
 * as "some OOXML" or "some OLE2", are then told apart by their parts (OOXML: {@code word/document.xml},
 * {@code xl/workbook.xml}, {@code ppt/presentation.xml}; OLE2: the {@code WordDocument}, {@code Workbook},
 * {@code PowerPoint Document} streams).
 */
final class ContentTypes {

	private static final Detector DETECTOR = TikaConfig.getDefaultConfig().getDetector();

	private ContentTypes() {
	}

	/** The type of the file, or empty when it is none that Closer accepts. */
	static Optional<FileType> detect(Path file) throws IOException {
		if (Files.size(file) == 0) {
			return Optional.empty();
		}
		MediaType type;
		try (InputStream in = TikaInputStream.get(file)) {
			type = DETECTOR.detect(in, new Metadata()); // no name given on purpose
		}
		String base = type.getBaseType().toString();
		return switch (base) {
			case "image/jpeg" -> Optional.of(FileType.JPEG);
			case "image/png" -> Optional.of(FileType.PNG);
			case "image/gif" -> Optional.of(FileType.GIF);
			case "image/webp" -> Optional.of(FileType.WEBP);
			case "image/heic", "image/heif" -> Optional.of(FileType.HEIC);
			case "application/pdf" -> Optional.of(FileType.PDF);
			case "audio/mpeg" -> Optional.of(FileType.MP3);
			case "audio/vnd.wave", "audio/wav", "audio/x-wav" -> Optional.of(FileType.WAV);
			case "audio/mp4", "audio/x-m4a", "video/mp4", "video/quicktime" -> m4a(file);
			case "application/zip", "application/x-tika-ooxml" -> ooxml(file);
			case "application/x-tika-msoffice" -> ole2(file);
			case "text/plain" -> Optional.of(FileType.TEXT);
			default -> Optional.empty();
		};
	}

	/** An MP4 container holding audio only is what phones and WeCom export as .m4a. */
	private static Optional<FileType> m4a(Path file) throws IOException {
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(12);
		}
		if (head.length == 12) {
			String brand = new String(head, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
			if (brand.startsWith("M4A") || brand.equals("mp42") || brand.equals("isom")) {
				return Optional.of(FileType.M4A);
			}
		}
		return Optional.empty();
	}

	private static Optional<FileType> ooxml(Path file) {
		try (ZipFile zip = new ZipFile(file.toFile())) {
			if (zip.getEntry("[Content_Types].xml") == null) {
				return Optional.empty();
			}
			if (zip.getEntry("word/document.xml") != null) {
				return Optional.of(FileType.DOCX);
			}
			if (zip.getEntry("xl/workbook.xml") != null) {
				return Optional.of(FileType.XLSX);
			}
			if (zip.getEntry("ppt/presentation.xml") != null) {
				return Optional.of(FileType.PPTX);
			}
			return Optional.empty();
		}
		catch (IOException e) {
			return Optional.empty();
		}
	}

	private static Optional<FileType> ole2(Path file) {
		try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
			DirectoryNode root = fs.getRoot();
			if (root.hasEntry("WordDocument")) {
				return Optional.of(FileType.DOC);
			}
			if (root.hasEntry("Workbook") || root.hasEntry("Book")) {
				return Optional.of(FileType.XLS);
			}
			if (root.hasEntry("PowerPoint Document")) {
				return Optional.of(FileType.PPT);
			}
			return Optional.empty();
		}
		catch (IOException | RuntimeException e) {
			return Optional.empty();
		}
	}
}
