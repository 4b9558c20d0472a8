package dev.closer.activities.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.springframework.stereotype.Component;

import com.huaban.analysis.jieba.JiebaSegmenter;
import com.huaban.analysis.jieba.SegToken;
import com.huaban.analysis.jieba.WordDictionary;

/**
 * Chinese word segmentation for keyword spotting (SPEC F4-F6), by jieba (see DECISIONS.md). A Chinese term matches
 * only where the segmentation puts a word boundary at both its ends, so "预算" is found in "我们今年的预算大概五十万"
 * (我们/今年/的/预算/…) but not in "预算法规定" (预算法/规定) and "报价" not in "情报价值" (情报/价值).
 * <p>
 * jieba keeps one dictionary per JVM (a singleton of plain maps). The dictionary's terms are made known to it as a
 * user dictionary when a dictionary version is first used ({@link #know}); that write happens under the write half
 * of a JVM-wide lock and every segmentation under the read half, so no reader ever sees a half-written map.
 * jieba cannot forget words: terms of older versions stay known, which only ever adds word boundaries for them.
 */
@Component
class ChineseSegmenter {

	/** JVM-wide like jieba's own dictionary (several application contexts may share the JVM in tests). */
	private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();

	/** Frequency given to a term the main dictionary lacks: enough to keep it whole, low enough not to swallow neighbours. */
	static final int USER_WORD_FREQUENCY = 1000;

	private static volatile JiebaSegmenter segmenter;

	private static JiebaSegmenter segmenter() {
		JiebaSegmenter s = segmenter;
		if (s == null) {
			synchronized (ChineseSegmenter.class) {
				s = segmenter;
				if (s == null) {
					s = new JiebaSegmenter();
					segmenter = s;
				}
			}
		}
		return s;
	}

	/** Makes these words known to the segmenter (those it already knows are left as they are). */
	void know(Collection<String> words) {
		segmenter(); // the main dictionary first, then the additions
		LOCK.writeLock().lock();
		try {
			WordDictionary dictionary = WordDictionary.getInstance();
			StringBuilder lines = new StringBuilder();
			for (String w : words) {
				String word = w.strip();
				if (!word.isEmpty() && !word.contains(" ") && !dictionary.containsWord(word)) {
					lines.append(word).append(' ').append(USER_WORD_FREQUENCY).append('\n');
				}
			}
			if (lines.isEmpty()) {
				return;
			}
			Path file = Files.createTempFile("closer-terms-", ".dict");
			try {
				Files.writeString(file, lines, StandardCharsets.UTF_8);
				dictionary.loadUserDict(file, StandardCharsets.UTF_8);
			}
			finally {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot write the segmenter's user dictionary", e);
		}
		finally {
			LOCK.writeLock().unlock();
		}
	}

	/** The words of a text, in order. */
	List<String> words(String text) {
		List<String> words = new ArrayList<>();
		for (SegToken t : tokens(text)) {
			words.add(t.word);
		}
		return words;
	}

	/** Offsets at which a word starts or ends (0 and text length included). */
	BitSet boundaries(String text) {
		BitSet bounds = new BitSet(text.length() + 1);
		bounds.set(0);
		bounds.set(text.length());
		for (SegToken t : tokens(text)) {
			bounds.set(t.startOffset);
			bounds.set(t.endOffset);
		}
		return bounds;
	}

	private List<SegToken> tokens(String text) {
		JiebaSegmenter s = segmenter();
		LOCK.readLock().lock();
		try {
			return s.process(text, JiebaSegmenter.SegMode.SEARCH);
		}
		finally {
			LOCK.readLock().unlock();
		}
	}
}
