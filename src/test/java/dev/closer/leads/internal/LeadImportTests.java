package dev.closer.leads.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import dev.closer.identity.UserDirectory;
import dev.closer.leads.LeadFixture;
import dev.closer.shared.security.CurrentUser;
import dev.closer.support.IntegrationTest;

/** SPEC P8, L1, N4: lead import from CSV and XLSX, end to end through the API and the background task. */
@IntegrationTest
class LeadImportTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ImportService imports;

	@Autowired
	ImportProcessor processor;

	@Autowired
	UserDirectory users;

	LeadFixture fx;

	long team;

	long rep1;

	long rep2;

	@BeforeEach
	void fixture() throws Exception {
		fx = new LeadFixture(mvc, jdbc);
		team = fx.team();
		rep1 = fx.user(team, "REP", "张伟");
		rep2 = fx.user(team, "REP", "李娜");
		fx.policy(team, LeadFixture.settings("WEIGHTED", 100, 200, 20));
	}

	// --- helpers -------------------------------------------------------------------------------------

	long upload(String token, byte[] content, String filename, String mode, String mapping) throws Exception {
		var request = multipart("/api/leads/imports").file(new MockMultipartFile("file", filename, null, content))
			.param("teamId", String.valueOf(team))
			.header("Authorization", token)
			.header("Accept-Language", "en");
		if (mode != null) {
			request.param("mode", mode);
		}
		if (mapping != null) {
			request.param("mapping", mapping);
		}
		String body = mvc.perform(request).andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
		return ((Number) JsonPath.read(body, "$.id")).longValue();
	}

	/** Polls the job until it is finished; returns its JSON. */
	String await(String token, long id) throws Exception {
		long deadline = System.currentTimeMillis() + 180_000;
		while (true) {
			String body = mvc.perform(get("/api/leads/imports/" + id).header("Authorization", token)
					.header("Accept-Language", "en"))
				.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
			if ((Boolean) JsonPath.read(body, "$.finished")) {
				return body;
			}
			assertThat(System.currentTimeMillis()).as("import %d finished in time: %s", id, body).isLessThan(deadline);
			Thread.sleep(200);
		}
	}

	static int num(String json, String path) {
		return ((Number) JsonPath.read(json, path)).intValue();
	}

	long leadsOfCampaign(String campaign) {
		return jdbc.sql("select count(*) from lead where source_campaign = :c").param("c", campaign).query(Long.class)
			.single();
	}

	static byte[] csv(String text) {
		byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
		byte[] body = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
		byte[] all = new byte[bom.length + body.length];
		System.arraycopy(bom, 0, all, 0, bom.length);
		System.arraycopy(body, 0, all, bom.length, body.length);
		return all;
	}

	static byte[] xlsx(List<List<Object>> rows) throws Exception {
		try (SXSSFWorkbook wb = new SXSSFWorkbook(100); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = wb.createSheet("leads");
			CellStyle date = wb.createCellStyle();
			date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd hh:mm"));
			for (int r = 0; r < rows.size(); r++) {
				Row row = sheet.createRow(r);
				for (int c = 0; c < rows.get(r).size(); c++) {
					Object v = rows.get(r).get(c);
					Cell cell = row.createCell(c);
					if (v instanceof Number n) {
						cell.setCellValue(n.doubleValue());
					}
					else if (v instanceof java.time.LocalDateTime t) {
						cell.setCellValue(t);
						cell.setCellStyle(date);
					}
					else if (v != null) {
						cell.setCellValue(v.toString());
					}
				}
			}
			wb.write(out);
			return out.toByteArray();
		}
	}

	/** Rewrites an XLSX, replacing {@code marker} in the first sheet's XML with {@code text}. */
	static byte[] replaceInSheet(byte[] xlsx, String marker, String text) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Path source = Files.createTempFile("source", ".xlsx");
		Files.write(source, xlsx);
		try (var in = new java.util.zip.ZipFile(source.toFile()); var zip = new java.util.zip.ZipOutputStream(out)) {
			for (var entry : java.util.Collections.list(in.entries())) {
				byte[] content = in.getInputStream(entry).readAllBytes();
				if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
					String xml = new String(content, StandardCharsets.UTF_8);
					assertThat(xml).contains(marker);
					content = xml.replace(marker, text).getBytes(StandardCharsets.UTF_8);
				}
				zip.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
				zip.write(content);
				zip.closeEntry();
			}
		}
		finally {
			Files.delete(source);
		}
		return out.toByteArray();
	}

	XSSFWorkbook report(String token, long id) throws Exception {
		byte[] bytes = mvc.perform(get("/api/leads/imports/" + id + "/errors.xlsx").header("Authorization", token))
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
		return new XSSFWorkbook(new ByteArrayInputStream(bytes));
	}

	CurrentUser admin() {
		var user = users.findByUsername("admin").orElseThrow();
		return ImportProcessor.actorOf(user, Locale.ENGLISH);
	}

	// --- tests ---------------------------------------------------------------------------------------

	@Test
	void aCsvWithBomCrlfAndChineseHeadersIsImportedAssignedAndDeduplicated() throws Exception {
		String campaign = LeadFixture.unique("c");
		String p1 = LeadFixture.phone();
		String p2 = LeadFixture.phone();
		String p3 = LeadFixture.phone();
		byte[] file = csv("""
				联系人, 电话 ,邮箱,公司,来源,活动,预算已确认,首次联系截止,备用列
				王先生,%s,,%s,web,%s,是,2026-12-01 09:30,x
				李女士,%s,li@example.com,%s,展会,%s,否,,y
				王先生（再次咨询）,%s,,%s,web,%s,,,z
				赵总,%s,,"%s, Ltd",web,%s,1,,
				""".formatted(p1, LeadFixture.unique("公司"), campaign, p2, LeadFixture.unique("公司"), campaign, p1,
				LeadFixture.unique("公司"), campaign, p3, LeadFixture.unique("公司"), campaign));
		long id = upload(fx.admin, file, "leads.csv", null, null);
		String job = await(fx.admin, id);

		assertThat((String) JsonPath.read(job, "$.status")).as(job).isEqualTo("DONE");
		assertThat(num(job, "$.total")).isEqualTo(4);
		assertThat(num(job, "$.processed")).isEqualTo(4);
		assertThat(num(job, "$.imported")).isEqualTo(4);
		assertThat(num(job, "$.duplicates")).isEqualTo(1);
		assertThat(num(job, "$.failed")).isZero();
		assertThat((List<String>) JsonPath.read(job, "$.ignoredColumns")).containsExactly("备用列");
		assertThat((String) JsonPath.read(job, "$.fileType")).isEqualTo("CSV");
		assertThat(leadsOfCampaign(campaign)).isEqualTo(4);
		// every lead has an owner of the team; the repeat inquiry went to the first lead's owner as a DUPLICATE
		List<Long> owners = jdbc.sql("select owner_id from lead where source_campaign = :c order by id")
			.param("c", campaign).query(Long.class).list();
		assertThat(owners).allMatch(o -> o != null && (o == rep1 || o == rep2));
		assertThat(jdbc.sql("select status from lead where source_campaign = :c order by id").param("c", campaign)
			.query(String.class).list()).containsExactly("ASSIGNED", "ASSIGNED", "DUPLICATE", "ASSIGNED");
		assertThat(owners.get(2)).isEqualTo(owners.get(0));
		assertThat(jdbc.sql("select source_channel from lead where source_campaign = :c and contact_name = '李女士'")
			.param("c", campaign).query(String.class).single()).isEqualTo("展会");
		assertThat(jdbc.sql("select budget_confirmed from lead where source_campaign = :c and contact_name = '王先生'")
			.param("c", campaign).query(Boolean.class).single()).isTrue();
		// stored with SHA-256 and size (SPEC P6)
		var stored = jdbc.sql("select sha256, size_bytes, file_path from lead_import where id = :id").param("id", id)
			.query().singleRow();
		assertThat((String) stored.get("sha256")).hasSize(64);
		assertThat(((Number) stored.get("size_bytes")).longValue()).isEqualTo(file.length);
		assertThat(Path.of((String) stored.get("file_path"))).exists();
	}

	@Test
	void anXlsxFileIsStreamedAndImported() throws Exception {
		String campaign = LeadFixture.unique("c");
		String p1 = LeadFixture.phone();
		long p2 = Long.parseLong(LeadFixture.phone());
		byte[] file = xlsx(List.of(
				List.of("Contact", "Mobile", "E-mail", "Company", "Campaign", "Budget", "First contact due at", "Lat", "Lng"),
				java.util.Arrays.asList("Mr Chen", p1, null, LeadFixture.unique("co"), campaign, 500000,
						java.time.LocalDateTime.of(2026, 12, 1, 9, 30), 31.23, 121.47),
				java.util.Arrays.asList("Ms Wu", p2, "wu@example.com", LeadFixture.unique("co"), campaign, null, null, null,
						null),
				java.util.Arrays.asList("Mr Chen again", p1, null, null, campaign, null, null, null, null)));
		long id = upload(fx.admin, file, "leads.bin", "VALID_ROWS", null);
		String job = await(fx.admin, id);

		assertThat((String) JsonPath.read(job, "$.status")).as(job).isEqualTo("DONE");
		assertThat((String) JsonPath.read(job, "$.fileType")).isEqualTo("XLSX");
		assertThat(num(job, "$.total")).isEqualTo(3);
		assertThat(num(job, "$.imported")).isEqualTo(3);
		assertThat(num(job, "$.duplicates")).isEqualTo(1);
		assertThat(leadsOfCampaign(campaign)).isEqualTo(3);
		var chen = jdbc.sql("select phone_e164, budget, latitude, owner_id from lead where source_campaign = :c "
				+ "and contact_name = 'Mr Chen'").param("c", campaign).query().singleRow();
		assertThat(((Number) chen.get("budget")).intValue()).isEqualTo(500000);
		assertThat(((Number) chen.get("latitude")).doubleValue()).isEqualTo(31.23);
		assertThat(((Number) chen.get("owner_id")).longValue()).isIn(rep1, rep2);
		// a numeric cell holding an 11-digit phone number comes through whole
		assertThat(jdbc.sql("select phone from lead where source_campaign = :c and contact_name = 'Ms Wu'")
			.param("c", campaign).query(String.class).single()).isEqualTo(String.valueOf(p2));
	}

	@Test
	void allOrNothingRejectsAFileWithOneBadRowThenValidRowsImportsTheRest() throws Exception {
		String campaign = LeadFixture.unique("c");
		String formula = "=cmd|' /C calc'!A0";
		String text = """
				contactName,phone,company,campaign
				甲,%s,%s,%s
				乙,12345,"%s",%s
				丙,%s,%s,%s
				""".formatted(LeadFixture.phone(), LeadFixture.unique("co"), campaign, formula, campaign,
				LeadFixture.phone(), LeadFixture.unique("co"), campaign);
		long rejected = upload(fx.admin, csv(text), "leads.csv", "ALL_OR_NOTHING", null);
		String job = await(fx.admin, rejected);
		assertThat((String) JsonPath.read(job, "$.status")).as(job).isEqualTo("REJECTED");
		assertThat(num(job, "$.failed")).isEqualTo(1);
		assertThat(num(job, "$.imported")).isZero();
		assertThat((String) JsonPath.read(job, "$.error")).contains("1 row(s) have errors");
		assertThat(leadsOfCampaign(campaign)).isZero();

		try (XSSFWorkbook report = report(fx.admin, rejected)) {
			var sheet = report.getSheetAt(0);
			assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Row");
			assertThat(sheet.getRow(0).getCell(3).getStringCellValue()).isEqualTo("contactName");
			assertThat(sheet.getLastRowNum()).isEqualTo(1);
			var line = sheet.getRow(1);
			assertThat(line.getCell(0).getNumericCellValue()).isEqualTo(3); // the header is row 1
			assertThat(line.getCell(1).getStringCellValue()).isEqualTo("phone");
			assertThat(line.getCell(2).getStringCellValue()).isEqualTo("'12345' is not a valid phone number.");
			// the formula-like cell of the original row is written as text, quote-prefixed: never evaluated
			Cell company = line.getCell(5);
			assertThat(company.getStringCellValue()).isEqualTo(formula);
			assertThat(company.getCellStyle().getQuotePrefixed()).isTrue();
		}

		long valid = upload(fx.admin, csv(text), "leads.csv", "VALID_ROWS", null);
		job = await(fx.admin, valid);
		assertThat((String) JsonPath.read(job, "$.status")).as(job).isEqualTo("DONE");
		assertThat(num(job, "$.total")).isEqualTo(3);
		assertThat(num(job, "$.imported")).isEqualTo(2);
		assertThat(num(job, "$.failed")).isEqualTo(1);
		assertThat((String) JsonPath.read(job, "$.errorReport")).isEqualTo("/api/leads/imports/" + valid + "/errors.xlsx");
		assertThat(leadsOfCampaign(campaign)).isEqualTo(2);
	}

	@Test
	void aPdfRenamedCsvAndAnOldXlsAreRefusedWith422AndNothingIsStored() throws Exception {
		long before = jdbc.sql("select count(*) from lead_import").query(Long.class).single();
		ByteArrayOutputStream pdf = new ByteArrayOutputStream();
		pdf.write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Length 44 /Filter /FlateDecode >>\nstream\n"
			.getBytes(StandardCharsets.ISO_8859_1));
		try (var deflate = new DeflaterOutputStream(pdf, new Deflater())) {
			deflate.write("BT /F1 24 Tf 100 700 Td (name,phone) Tj ET".getBytes(StandardCharsets.US_ASCII));
		}
		pdf.write("\nendstream\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
		byte[] xls = new byte[2048];
		byte[] ole2 = { (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1 };
		System.arraycopy(ole2, 0, xls, 0, ole2.length);
		for (var file : List.of(new MockMultipartFile("file", "leads.csv", "text/csv", pdf.toByteArray()),
				new MockMultipartFile("file", "leads.xls", "application/vnd.ms-excel", xls))) {
			mvc.perform(multipart("/api/leads/imports").file(file).param("teamId", String.valueOf(team))
					.header("Authorization", fx.admin).header("Accept-Language", "zh-CN"))
				.andExpect(status().isUnprocessableContent())
				.andExpect(jsonPath("$.code").value("error.import.fileType"))
				.andExpect(jsonPath("$.detail", containsString("既不是 CSV")));
		}
		assertThat(jdbc.sql("select count(*) from lead_import").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void aCsvWithoutAContactNameColumnIsRejectedNamingIt() throws Exception {
		String text = "phone,email\n%s,a@example.com\n".formatted(LeadFixture.phone());
		long id = upload(fx.admin, csv(text), "leads.csv", "VALID_ROWS", null);
		String job = await(fx.admin, id);
		assertThat((String) JsonPath.read(job, "$.status")).isEqualTo("REJECTED");
		assertThat((String) JsonPath.read(job, "$.errorCode")).isEqualTo("error.import.missingColumns");
		assertThat((String) JsonPath.read(job, "$.error")).isEqualTo("The file lacks required columns: contactName.");
		assertThat(num(job, "$.imported")).isZero();
	}

	@Test
	void anXlsxWithATenMegabyteCellFailsThatRowAndStillFinishes() throws Exception {
		String campaign = LeadFixture.unique("c");
		// random letters: a realistic pasted blob (a run of one letter would compress 1000:1 and be refused as a zip bomb)
		Random random = new Random(42);
		StringBuilder huge = new StringBuilder(10 * 1024 * 1024);
		for (int i = 0; i < 10 * 1024 * 1024; i++) {
			huge.append((char) ('a' + random.nextInt(26)));
		}
		// POI refuses to write a cell over Excel's limit, so the sheet XML is patched afterwards, as other tools write it
		byte[] file = replaceInSheet(xlsx(List.of(List.of("联系人", "手机", "备注", "活动"),
				List.of("正常", LeadFixture.phone(), "ok", campaign),
				List.of("超长", LeadFixture.phone(), "HUGE-CELL", campaign),
				List.of("正常2", LeadFixture.phone(), "ok", campaign))), "HUGE-CELL", huge.toString());
		huge = null;
		long id = upload(fx.admin, file, "big.xlsx", "VALID_ROWS", null);
		String job = await(fx.admin, id);
		assertThat((String) JsonPath.read(job, "$.status")).as(job).isEqualTo("DONE");
		assertThat(num(job, "$.imported")).isEqualTo(2);
		assertThat(num(job, "$.failed")).isEqualTo(1);
		assertThat(leadsOfCampaign(campaign)).isEqualTo(2);
		var error = jdbc.sql("select row_no, column_name, message_key from lead_import_error where import_id = :id")
			.param("id", id).query().listOfRows();
		assertThat(error).hasSize(2); // the cell, and the row (10 MB is over the 1 MB row limit too)
		assertThat(error.get(0)).containsEntry("column_name", "备注").containsEntry("message_key", "error.import.cellTooLong");
		assertThat(((Number) error.get(0).get("row_no")).intValue()).isEqualTo(3);
		try (XSSFWorkbook report = report(fx.admin, id)) {
			assertThat(report.getSheetAt(0).getRow(1).getCell(2).getStringCellValue())
				.isEqualTo("Cell too long: at most 32767 characters.");
		}
	}

	@Test
	void anotherTeamsRepGets404OnTheJobAndTheReport() throws Exception {
		String text = "联系人,电话\n甲,12345\n";
		long id = upload(fx.admin, csv(text), "leads.csv", "VALID_ROWS", null);
		await(fx.admin, id);
		long otherTeam = fx.team();
		String outsider = fx.tokenOf(fx.user(otherTeam, "REP", "外人"));
		String sameTeamRep = fx.tokenOf(rep1);
		String manager = fx.tokenOf(fx.user(team, "MANAGER", "经理"));
		for (String token : List.of(outsider, sameTeamRep)) {
			mvc.perform(get("/api/leads/imports/" + id).header("Authorization", token)).andExpect(status().isNotFound());
			mvc.perform(get("/api/leads/imports/" + id + "/errors.xlsx").header("Authorization", token))
				.andExpect(status().isNotFound());
		}
		mvc.perform(get("/api/leads/imports/" + id).header("Authorization", manager)).andExpect(status().isOk());
		mvc.perform(get("/api/leads/imports/" + id + "/errors.xlsx").header("Authorization", manager))
			.andExpect(status().isOk());
		// a rep cannot import into another team either
		mvc.perform(multipart("/api/leads/imports")
				.file(new MockMultipartFile("file", "x.csv", null, csv(text)))
				.param("teamId", String.valueOf(team)).header("Authorization", outsider))
			.andExpect(status().isUnprocessableContent());
	}

	@Test
	void aCrashMidImportResumesFromTheCheckpointAndNoRowIsImportedTwice() throws Exception {
		String campaign = LeadFixture.unique("c");
		StringBuilder text = new StringBuilder("联系人,电话,活动\n");
		int rows = 2 * ImportProcessor.CHUNK + 50;
		for (int i = 0; i < rows; i++) {
			text.append("客户").append(i).append(',').append(i == 100 ? "bad-phone" : LeadFixture.phone()).append(',')
				.append(campaign).append('\n');
		}
		ImportJob job = imports.register(new ImportService.Upload(new ByteArrayInputStream(csv(text.toString())),
				"crash.csv", team, ImportJob.Mode.VALID_ROWS, null), admin(), Locale.ENGLISH, false);

		// the "crash": the run dies in the middle of the second chunk
		assertThatThrownBy(() -> processor.process(job.id(), ImportProcessor.CHUNK + 100)).isInstanceOf(ImportProcessor.Interrupted.class);
		var after = jdbc.sql("select status, processed_rows, imported from lead_import where id = :id")
			.param("id", job.id()).query().singleRow();
		assertThat(after.get("status")).isEqualTo("IMPORTING");
		assertThat(((Number) after.get("processed_rows")).intValue()).isEqualTo(ImportProcessor.CHUNK);
		assertThat(leadsOfCampaign(campaign)).isEqualTo(ImportProcessor.CHUNK - 1); // row 100 is invalid

		processor.process(job.id()); // the task runs again
		var done = jdbc.sql("select status, total_rows, processed_rows, imported, failed_rows from lead_import where id = :id")
			.param("id", job.id()).query().singleRow();
		assertThat(done.get("status")).isEqualTo("DONE");
		assertThat(((Number) done.get("total_rows")).intValue()).isEqualTo(rows);
		assertThat(((Number) done.get("processed_rows")).intValue()).isEqualTo(rows);
		assertThat(((Number) done.get("imported")).intValue()).isEqualTo(rows - 1);
		assertThat(((Number) done.get("failed_rows")).intValue()).isEqualTo(1);
		assertThat(leadsOfCampaign(campaign)).isEqualTo(rows - 1);
		assertThat(jdbc.sql("select count(distinct contact_name) from lead where source_campaign = :c")
			.param("c", campaign).query(Long.class).single()).isEqualTo(rows - 1);
		assertThat(jdbc.sql("select count(*) from lead_import_error where import_id = :id").param("id", job.id())
			.query(Long.class).single()).isEqualTo(1);
		processor.process(job.id()); // a finished job is left alone
		assertThat(leadsOfCampaign(campaign)).isEqualTo(rows - 1);
	}

	@Test
	void theXEducationDatasetImportsWithAColumnMappingAndRowsWithoutContactFail() throws Exception {
		Path file = Path.of("../shared/datasets/x_education_leads/Leads.csv");
		if (!Files.isReadable(file)) {
			String message = "Dataset not found at " + file.toAbsolutePath() + " (see /work/shared/datasets)";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new AssertionError("CI=true requires the dataset: " + message);
			}
			Assumptions.abort(message);
		}
		long id = upload(fx.admin, Files.readAllBytes(file), "Leads.csv", "VALID_ROWS",
				"{\"contactName\":\"Prospect ID\",\"sourceChannel\":\"Lead Source\"}");
		String job = await(fx.admin, id);
		assertThat((String) JsonPath.read(job, "$.status")).as(job).isEqualTo("DONE");
		assertThat(num(job, "$.total")).isEqualTo(9240);
		assertThat(num(job, "$.processed")).isEqualTo(9240);
		assertThat(num(job, "$.failed")).isEqualTo(9240);
		assertThat(num(job, "$.imported")).isZero();
		assertThat((List<String>) JsonPath.read(job, "$.ignoredColumns")).hasSize(35).contains("Lead Number", "City");
		assertThat(jdbc.sql("select count(*) from lead_import_error where import_id = :id and message_key = 'error.lead.noContact'")
			.param("id", id).query(Long.class).single()).isEqualTo(9240);
		try (XSSFWorkbook report = report(fx.admin, id)) {
			var sheet = report.getSheetAt(0);
			assertThat(sheet.getLastRowNum()).isEqualTo(9240);
			assertThat(sheet.getRow(1).getCell(2).getStringCellValue())
				.isEqualTo("Give at least one way to reach the contact: phone, e-mail or WeChat id.");
			assertThat(sheet.getRow(1).getCell(3).getStringCellValue()).isEqualTo("7927b2df-8bba-4d29-b9a2-b6e0beafe620");
		}
	}

	@Test
	void aMappingNamingAnUnknownFieldIsRefused() throws Exception {
		mvc.perform(multipart("/api/leads/imports")
				.file(new MockMultipartFile("file", "x.csv", null, csv("name,phone\n甲,13900000000\n")))
				.param("teamId", String.valueOf(team)).param("mapping", "{\"shoeSize\":\"name\"}")
				.header("Authorization", fx.admin).header("Accept-Language", "en"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.detail").value("Unknown field 'shoeSize' in the column mapping."));
	}
}
