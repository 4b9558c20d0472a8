package dev.closer.leads.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Streams the rows of an import file, one at a time: CSV through commons-csv on a strictly decoding Reader,
 * XLSX through POI's event API (SAX over the first sheet), never a whole workbook in memory. Row numbers
 * are those a spreadsheet shows (the header is row 1). Blank rows are skipped.
 */
final class ImportReader {

	private ImportReader() {
	}

	/** Receives the header, then each non-blank data row. */
	interface RowHandler {

		void header(List<String> cells);

		void row(int rowNo, List<String> cells);
	}

	/** The file cannot be read as the type it was detected as (corrupt, or not decodable further on). */
	static final class Unreadable extends RuntimeException {

		Unreadable(Throwable cause) {
			super(cause);
		}
	}

	static void read(Path file, ImportJob.FileType type, String charset, RowHandler handler) {
		try {
			if (type == ImportJob.FileType.XLSX) {
				xlsx(file, handler);
			}
			else {
				csv(file, Charset.forName(charset), handler);
			}
		}
		catch (IOException | SAXException | OpenXML4JException e) {
			throw new Unreadable(e);
		}
		catch (org.apache.poi.EmptyFileException | org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException
				| org.apache.poi.ooxml.POIXMLException | org.apache.poi.util.RecordFormatException e) {
			throw new Unreadable(e);
		}
	}

	private static void csv(Path file, Charset charset, RowHandler handler) throws IOException {
		char delimiter = ImportFiles.delimiter(file, charset);
		CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
		var decoder = charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		try (InputStream in = Files.newInputStream(file);
				Reader reader = new BufferedReader(new InputStreamReader(in, decoder), 64 * 1024);
				CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
			boolean first = true;
			for (CSVRecord record : parser) {
				List<String> cells = record.toList();
				if (first) {
					first = false;
					List<String> header = new ArrayList<>(cells);
					if (!header.isEmpty() && header.get(0) != null) {
						header.set(0, header.get(0).replace("\uFEFF", ""));
					}
					handler.header(header);
				}
				else if (!ImportColumns.blank(cells)) {
					handler.row((int) record.getRecordNumber(), cells);
				}
			}
			if (first) {
				handler.header(List.of());
			}
		}
		catch (java.io.UncheckedIOException e) {
			throw e.getCause();
		}
	}

	private static void xlsx(Path file, RowHandler handler) throws IOException, SAXException, OpenXML4JException {
		try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
			XSSFReader reader = new XSSFReader(pkg);
			ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
			StylesTable styles = reader.getStylesTable();
			var sheets = reader.getSheetsData();
			if (!sheets.hasNext()) {
				handler.header(List.of());
				return;
			}
			SheetRows rows = new SheetRows(handler);
			try (InputStream sheet = sheets.next()) {
				XMLReader parser;
				try {
					parser = XMLHelper.newXMLReader();
				}
				catch (javax.xml.parsers.ParserConfigurationException e) {
					throw new IllegalStateException(e);
				}
				parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, rows, new CellText(), false));
				parser.parse(new InputSource(sheet));
			}
			if (!rows.headerSeen) {
				handler.header(List.of());
			}
		}
	}

	/** Collects a sheet row's cells by column (gaps become empty cells) and hands complete rows on. */
	private static final class SheetRows implements XSSFSheetXMLHandler.SheetContentsHandler {

		private final RowHandler handler;

		private final List<String> cells = new ArrayList<>();

		private int next;

		boolean headerSeen;

		SheetRows(RowHandler handler) {
			this.handler = handler;
		}

		@Override
		public void startRow(int rowNum) {
			cells.clear();
			next = 0;
		}

		@Override
		public void cell(String ref, String value, XSSFComment comment) {
			int col = ref == null ? next : new CellReference(ref).getCol();
			while (cells.size() < col) {
				cells.add(null);
			}
			if (cells.size() == col) {
				cells.add(value);
			}
			else {
				cells.set(col, value);
			}
			next = col + 1;
		}

		@Override
		public void endRow(int rowNum) {
			List<String> row = List.copyOf(cells.stream().map(c -> c == null ? "" : c).toList());
			if (!headerSeen) {
				if (ImportColumns.blank(row)) {
					return;
				}
				headerSeen = true;
				handler.header(row);
			}
			else if (!ImportColumns.blank(row)) {
				handler.row(rowNum + 1, row);
			}
		}
	}

	/**
	 * Cell text as a person would type it: date cells as {@code yyyy-MM-dd HH:mm:ss} (read in the uploader's
	 * zone), whole numbers in General format without exponent (long phone numbers stay intact).
	 */
	private static final class CellText extends DataFormatter {

		private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

		@Override
		public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904) {
			if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
				LocalDateTime t = DateUtil.getLocalDateTime(value, use1904);
				return t.format(LOCAL);
			}
			if ((formatIndex == 0 || "General".equalsIgnoreCase(formatString)) && Double.isFinite(value)) {
				return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
			}
			return super.formatRawCellContents(value, formatIndex, formatString, use1904);
		}
	}
}
