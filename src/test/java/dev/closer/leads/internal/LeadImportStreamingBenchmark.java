package dev.closer.leads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import dev.closer.identity.UserDirectory;
import dev.closer.leads.LeadFixture;
import dev.closer.support.IntegrationTest;

/**
 * SPEC P8 streaming: 100,000 rows written to a temp file (never held in memory), imported by the background
 * task on the surefire default heap. Benchmark W3 (docs/BENCHMARKS.md): not part of {@code ./mvnw verify}; run it
 * with {@code ./mvnw test -Dtest=LeadImportStreamingBenchmark} (and CLOSER_DB_URL for PostgreSQL).
 */
@IntegrationTest
@Tag("slow")
class LeadImportStreamingBenchmark {

	static final int ROWS = Integer.getInteger("closer.bench.rows", 100_000);

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ImportService imports;

	@Autowired
	UserDirectory users;

	@Test
	void aHundredThousandRowCsvIsImportedByStreaming() throws Exception {
		LeadFixture fx = new LeadFixture(mvc, jdbc);
		long team = fx.team();
		fx.user(team, "REP", "张伟");
		fx.user(team, "REP", "李娜");
		fx.policy(team, LeadFixture.settings("WEIGHTED", 100, 200, 20));
		String campaign = LeadFixture.unique("bulk");
		Path file = Files.createTempFile("leads-100k", ".csv");
		long base = ThreadLocalRandom.current().nextLong(10_000_000L, 80_000_000L);
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("联系人,手机,公司,来源,活动\r\n");
			for (int i = 0; i < ROWS; i++) {
				out.write("客户" + i + ",166" + (base + i) + ",," + "import," + campaign + "\r\n");
			}
		}
		var admin = ImportProcessor.actorOf(users.findByUsername("admin").orElseThrow(), Locale.ENGLISH);
		MemoryPoolMXBean[] heap = ManagementFactory.getMemoryPoolMXBeans().stream()
			.filter(p -> p.getType() == MemoryType.HEAP).toArray(MemoryPoolMXBean[]::new);
		for (MemoryPoolMXBean p : heap) {
			p.resetPeakUsage();
		}
		long started = System.nanoTime();
		ImportJob job;
		try (InputStream in = Files.newInputStream(file)) {
			job = imports.accept(new ImportService.Upload(in, "100k.csv", team, ImportJob.Mode.ALL_OR_NOTHING, null),
					admin, Locale.ENGLISH);
		}
		long deadline = System.currentTimeMillis() + 30 * 60_000L;
		ImportJob now;
		do {
			Thread.sleep(1000);
			now = imports.visible(job.id(), admin).orElseThrow();
			assertThat(System.currentTimeMillis()).as("finished in 30 min: %s", now).isLessThan(deadline);
		}
		while (!now.finished());
		long seconds = (System.nanoTime() - started) / 1_000_000_000L;
		long peakMb = 0;
		for (MemoryPoolMXBean p : heap) {
			peakMb += p.getPeakUsage().getUsed() / (1024 * 1024);
		}
		System.out.printf(ROWS + "-row import: %d s, max heap %d MB, sum of heap pool peaks %d MB, file %d KB%n", seconds,
				Runtime.getRuntime().maxMemory() / (1024 * 1024), peakMb, Files.size(file) / 1024);
		Files.delete(file);

		assertThat(now.status()).isEqualTo(ImportJob.Status.DONE);
		assertThat(now.totalRows()).isEqualTo(ROWS);
		assertThat(now.processedRows()).isEqualTo(ROWS);
		assertThat(now.imported()).isEqualTo(ROWS);
		assertThat(now.duplicates()).isZero();
		assertThat(now.failedRows()).isZero();
		assertThat(jdbc.sql("select count(*) from lead where source_campaign = :c").param("c", campaign)
			.query(Long.class).single()).isEqualTo(ROWS);
	}
}
