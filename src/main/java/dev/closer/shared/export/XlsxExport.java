package dev.closer.shared.export;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Streams a list to an XLSX file (SPEC P8: every list exports). Rows are written through a 200-row
 * window, so memory stays flat however long the list. Text that a spreadsheet would read as a formula
 * ({@code = + - @}, tab, CR at the start) is written quote-prefixed: shown as text, never evaluated.
 */
public final class XlsxExport {

	/** Excel's limit for one cell. */
	static final int MAX_CELL = 32_767;

	public static final MediaType XLSX = MediaType
		.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private XlsxExport() {
	}

	/** Receives rows; each row is a list of cell values (String, Number, BigDecimal, Boolean, Instant, null). */
	public interface RowSink {
		void row(List<?> values);
	}

	/** An HTTP download of the rows {@code producer} writes. */
	public static ResponseEntity<StreamingResponseBody> download(String filename, String sheet, List<String> headers,
			ZoneId zone, Consumer<RowSink> producer) {
		StreamingResponseBody body = out -> write(out, sheet, headers, zone, producer);
		return ResponseEntity.ok()
			.contentType(XLSX)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(filename, StandardCharsets.UTF_8).build().toString())
			.body(body);
	}

	public static void write(OutputStream out, String sheetName, List<String> headers, ZoneId zone,
			Consumer<RowSink> producer) throws IOException {
		writeSheets(out, zone, sheets -> producer.accept(sheets.sheet(sheetName, headers)));
	}

	/** Opens the next sheet of a workbook; rows go to the sheet opened last. */
	public interface SheetSink {
		RowSink sheet(String name, List<String> headers);
	}

	/** An HTTP download of a workbook with several sheets, written one after the other. */
	public static ResponseEntity<StreamingResponseBody> downloadSheets(String filename, ZoneId zone,
			Consumer<SheetSink> producer) {
		StreamingResponseBody body = out -> writeSheets(out, zone, producer);
		return ResponseEntity.ok()
			.contentType(XLSX)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(filename, StandardCharsets.UTF_8).build().toString())
			.body(body);
	}

	public static void writeSheets(OutputStream out, ZoneId zone, Consumer<SheetSink> producer) throws IOException {
		try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
			workbook.setCompressTempFiles(true);
			CellStyle headerStyle = workbook.createCellStyle();
			Font bold = workbook.createFont();
			bold.setBold(true);
			headerStyle.setFont(bold);
			CellStyle quoted = workbook.createCellStyle();
			quoted.setQuotePrefixed(true);
			producer.accept((sheetName, headers) -> {
				SXSSFSheet sheet = workbook.createSheet(sheetName);
				Row header = sheet.createRow(0);
				for (int i = 0; i < headers.size(); i++) {
					Cell cell = header.createCell(i);
					cell.setCellValue(headers.get(i));
					cell.setCellStyle(headerStyle);
				}
				sheet.createFreezePane(0, 1);
				int[] next = { 1 };
				return values -> {
					Row row = sheet.createRow(next[0]++);
					for (int i = 0; i < values.size(); i++) {
						set(row.createCell(i), values.get(i), zone, quoted);
					}
				};
			});
			workbook.write(out);
		}
	}

	static void set(Cell cell, Object value, ZoneId zone, CellStyle quoted) {
		if (value == null) {
			cell.setBlank();
		}
		else if (value instanceof BigDecimal d) {
			cell.setCellValue(d.doubleValue());
		}
		else if (value instanceof Number n) {
			cell.setCellValue(n.doubleValue());
		}
		else if (value instanceof Boolean b) {
			cell.setCellValue(b);
		}
		else if (value instanceof Instant t) {
			cell.setCellValue(TIME.format(t.atZone(zone)));
		}
		else {
			String text = value.toString();
			if (text.length() > MAX_CELL) {
				text = text.substring(0, MAX_CELL);
			}
			cell.setCellValue(text);
			if (looksLikeFormula(text)) {
				cell.setCellStyle(quoted);
			}
		}
	}

	/** OWASP CSV/formula injection: these leading characters make spreadsheets evaluate a cell. */
	public static boolean looksLikeFormula(String text) {
		if (text.isEmpty()) {
			return false;
		}
		char c = text.charAt(0);
		return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '＝';
	}
}
