package dev.closer.activities.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * SPEC F4-F6 without the application: keyword spotting in Chinese (by the word segmenter) and English (word
 * boundaries, plural), the customer-question heuristic, transcript time formats, the quality factors' arithmetic.
 */
class SpottingTests {

	static final ChineseSegmenter SEGMENTER = new ChineseSegmenter();

	static final KeywordDictionary DICTIONARY = new KeywordDictionary(List.of(
			topic("BUDGET", List.of("预算", "经费"), List.of("budget")),
			topic("PRICE", List.of("报价", "价格"), List.of("price", "quote")),
			topic("DELIVERY_TIME", List.of("交付周期", "工期"), List.of("delivery time", "lead time")),
			topic("DECISION_TIME", List.of("决策时间"), List.of("decision time"))));

	static final Spotter SPOTTER = new Spotter(1, DICTIONARY, SEGMENTER, true);

	static KeywordDictionary.Topic topic(String code, List<String> zh, List<String> en) {
		return new KeywordDictionary.Topic(code, Map.of("en", code, "zh-CN", code), zh, en);
	}

	@Test
	void aChineseTermMatchesAsAWord() {
		List<Spotter.Hit> hits = SPOTTER.spot("我们今年的预算大概五十万");
		assertThat(hits).extracting(Spotter.Hit::topic, Spotter.Hit::term, Spotter.Hit::start)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("BUDGET", "预算", 5));
		assertThat(SPOTTER.topics("你们的交付周期是多久？决策时间在下个月")).containsExactly("DELIVERY_TIME", "DECISION_TIME");
	}

	@Test
	void theSegmenterDecidesWhenATermIsInsideALongerWord() {
		// plain substring search would find 预算 in 预算法 (budget law), 报价 in 情报价值 (value of intelligence),
		// 工期 in 加工期间 (during processing); the segmentation 预算法/规定, 情报/价值, 加工/期间 says no
		assertThat("预算法规定了流程").contains("预算");
		assertThat(SPOTTER.spot("预算法规定了流程")).isEmpty();
		assertThat(SEGMENTER.words("这份情报价值很高")).contains("情报", "价值");
		assertThat(SPOTTER.spot("这份情报价值很高")).isEmpty();
		assertThat(SPOTTER.spot("加工期间注意安全")).isEmpty();
		// and the same terms as words of their own are found
		assertThat(SPOTTER.topics("按预算法，预算要先报批；报价明天给，工期三个月")).containsExactly("BUDGET", "PRICE", "DELIVERY_TIME");
	}

	@Test
	void dictionaryTermsBecomeWordsOfTheSegmenter() {
		assertThat(SEGMENTER.words("你们的交付周期是多久")).contains("交付周期");
		assertThat(SEGMENTER.words("决策时间在下个月")).contains("决策时间");
	}

	@Test
	void segmentingStaysCorrectWhileNewDictionaryWordsAreTaught() throws Exception {
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
		try {
			List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
			for (int i = 0; i < 200; i++) {
				int n = i;
				results.add(pool.submit(() -> {
					if (n % 20 == 0) {
						SEGMENTER.know(List.of("并发测试词" + n));
					}
					return SPOTTER.topics("我们今年的预算大概五十万，报价明天给").equals(
							new java.util.LinkedHashSet<>(List.of("BUDGET", "PRICE")));
				}));
			}
			for (var r : results) {
				assertThat(r.get()).isTrue();
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(SEGMENTER.words("这是并发测试词40吗")).contains("并发测试词40");
	}

	@Test
	void englishTermsMatchWholeWordsCaseInsensitivelyWithAPlural() {
		assertThat(SPOTTER.topics("What is the BUDGET for this?")).containsExactly("BUDGET");
		assertThat(SPOTTER.topics("Budgets are frozen")).containsExactly("BUDGET");
		assertThat(SPOTTER.topics("a budgetary matter")).isEmpty();
		assertThat(SPOTTER.topics("Send the quotes; the delivery  time is key")).containsExactly("PRICE", "DELIVERY_TIME");
		assertThat(SPOTTER.topics("no pricey talk")).isEmpty();
		assertThat(SPOTTER.topics("客户问budget多少")).containsExactly("BUDGET");
	}

	@Test
	void customerQuestionsByTheDocumentedHeuristic() {
		assertThat(Questions.asks("你们的交付周期是多久？")).isTrue();
		assertThat(Questions.asks("能不能便宜点")).isTrue();
		assertThat(Questions.asks("这个要多少钱")).isTrue();
		assertThat(Questions.asks("你们支持私有化部署吗")).isTrue();
		assertThat(Questions.asks("那售后呢。")).isTrue();
		assertThat(Questions.asks("How long is the lead time")).isTrue();
		assertThat(Questions.asks("Can you send the deck")).isTrue();
		assertThat(Questions.asks("is it ready?")).isTrue();
		assertThat(Questions.asks("客户同意下周签约。")).isFalse();
		assertThat(Questions.asks("Will decide next week")).isFalse();
		assertThat(Questions.asks("Budget approved.")).isFalse();
		assertThat(Questions.asks(null)).isFalse();
	}

	@Test
	void transcriptTimesAsSecondsOrClock() {
		assertThat(TranscriptRequest.millis(3.2)).isEqualTo(3200L);
		assertThat(TranscriptRequest.millis(12)).isEqualTo(12000L);
		assertThat(TranscriptRequest.millis("12.5")).isEqualTo(12500L);
		assertThat(TranscriptRequest.millis("00:00:03.200")).isEqualTo(3200L);
		assertThat(TranscriptRequest.millis("01:02:03,5")).isEqualTo(3723500L);
		assertThat(TranscriptRequest.millis("02:03")).isEqualTo(123000L);
		assertThat(TranscriptRequest.millis(null)).isNull();
		assertThat(TranscriptRequest.millis(-1)).isEqualTo(-1L);
		assertThat(TranscriptRequest.millis("-00:01")).isEqualTo(-1L);
		assertThat(TranscriptRequest.millis("soon")).isEqualTo(-2L);
		assertThat(TranscriptRequest.millis("00:61:00")).isEqualTo(-2L);
		assertThat(TranscriptRequest.clock(3723500)).isEqualTo("1:02:03");
		assertThat(TranscriptRequest.clock(83000)).isEqualTo("01:23");
	}

	@Test
	void sharesRoundHalfUp() {
		assertThat(QualityScorer.share(50, 1, 5)).isEqualTo(10);
		assertThat(QualityScorer.share(50, 3, 8)).isEqualTo(19); // 18.75
		assertThat(QualityScorer.share(30, 1, 2)).isEqualTo(15);
		assertThat(QualityScorer.share(50, 5, 7)).isEqualTo(36); // 35.71
	}
}
