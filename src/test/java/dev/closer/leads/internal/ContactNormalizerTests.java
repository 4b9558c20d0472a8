package dev.closer.leads.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContactNormalizerTests {

	@Test
	void chinesePhonesInEveryCommonSpellingBecomeTheSameE164() {
		assertThat(ContactNormalizer.phone("13812345678")).hasValue("+8613812345678");
		assertThat(ContactNormalizer.phone("138 1234 5678")).hasValue("+8613812345678");
		assertThat(ContactNormalizer.phone("+86 138-1234-5678")).hasValue("+8613812345678");
		assertThat(ContactNormalizer.phone("0086 13812345678")).hasValue("+8613812345678");
		assertThat(ContactNormalizer.phone("021-6321 1234")).hasValue("+862163211234");
		assertThat(ContactNormalizer.phone("+1 650-253-0000")).hasValue("+16502530000");
	}

	@Test
	void invalidPhonesAreRejected() {
		assertThat(ContactNormalizer.phone("12345")).isEmpty();
		assertThat(ContactNormalizer.phone("1381234567")).isEmpty();
		assertThat(ContactNormalizer.phone("call me")).isEmpty();
		assertThat(ContactNormalizer.phone("")).isEmpty();
		assertThat(ContactNormalizer.phone(null)).isEmpty();
	}

	@Test
	void emailsAreTrimmedLowerCasedAndChecked() {
		assertThat(ContactNormalizer.email("  Li.Na@Example.COM ")).hasValue("li.na@example.com");
		assertThat(ContactNormalizer.email("no-at-sign.example.com")).isEmpty();
		assertThat(ContactNormalizer.email("a@b")).isEmpty();
		assertThat(ContactNormalizer.email("two@@example.com")).isEmpty();
	}

	@Test
	void wechatIdsFollowWeChatsRules() {
		assertThat(ContactNormalizer.wechat("ZhangWei_2026")).hasValue("zhangwei_2026");
		assertThat(ContactNormalizer.wechat("1abcdef")).isEmpty(); // must start with a letter
		assertThat(ContactNormalizer.wechat("abc")).isEmpty(); // 6 to 20 characters
	}

	@Test
	void companyNamesLoseLegalFormsPunctuationAndWidth() {
		String key = ContactNormalizer.company("上海明远医疗器械有限公司");
		assertThat(key).isEqualTo("上海明远医疗器械");
		assertThat(ContactNormalizer.company("上海明远医疗器械股份有限公司")).isEqualTo(key);
		assertThat(ContactNormalizer.company("上海明远医疗器械有限公司（浦东分公司）")).isEqualTo(key);
		assertThat(ContactNormalizer.company(" 上海 明远 医疗器械 ")).isEqualTo(key);
		assertThat(ContactNormalizer.company("Acme Co., Ltd.")).isEqualTo("acme");
		assertThat(ContactNormalizer.company("ＡＣＭＥ Inc")).isEqualTo("acme");
		assertThat(ContactNormalizer.company("有限公司")).isNull();
		assertThat(ContactNormalizer.company("  ")).isNull();
		assertThat(ContactNormalizer.company("Costco Wholesale")).isEqualTo("costcowholesale");
		assertThat(ContactNormalizer.company("Costco")).isEqualTo("costco");
	}
}
