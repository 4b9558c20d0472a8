package dev.closer.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Real files of each kind, made in memory, for upload tests: what a phone or an office suite would send. */
public final class SampleFiles {

	private SampleFiles() {
	}

	/** A small JPEG photo (a coloured rectangle). */
	public static byte[] jpeg() {
		return image("jpg");
	}

	public static byte[] png() {
		return image("png");
	}

	/** A minimal but well-formed one-page PDF. */
	public static byte[] pdf() {
		String body = """
				%PDF-1.4
				1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
				2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
				3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
				trailer << /Root 1 0 R >>
				%%EOF
				""";
		return body.getBytes(StandardCharsets.US_ASCII);
	}

	public static byte[] docx() {
		try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			doc.createParagraph().createRun().setText("解决方案 v1");
			doc.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static byte[] xlsx() {
		try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			wb.createSheet("报价").createRow(0).createCell(0).setCellValue("单价");
			wb.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static byte[] pptx() {
		try (XMLSlideShow deck = new XMLSlideShow(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			deck.createSlide();
			deck.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static byte[] xls() {
		try (HSSFWorkbook wb = new HSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			wb.createSheet("报价").createRow(0).createCell(0).setCellValue("单价");
			wb.write(out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Half a second of 8 kHz mono silence as WAV. */
	public static byte[] wav() {
		AudioFormat format = new AudioFormat(8000f, 16, 1, true, false);
		byte[] pcm = new byte[8000];
		try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, pcm.length / 2);
				ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static byte[] text(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] image(String format) {
		BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		g.setColor(new Color(30, 120, 200));
		g.fillRect(0, 0, 64, 48);
		g.dispose();
		try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			ImageIO.write(img, format, out);
			return out.toByteArray();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
