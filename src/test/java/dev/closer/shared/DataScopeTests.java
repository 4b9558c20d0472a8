package dev.closer.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.closer.shared.security.DataScope;

class DataScopeTests {

	@Test
	void ownScopeSeesOnlyOwnRecords() {
		DataScope own = DataScope.own(7);
		assertThat(own.allows(7L, 1L)).isTrue();
		assertThat(own.allows(8L, 1L)).isFalse();
		assertThat(own.allows(null, 1L)).isFalse();
		var condition = own.predicate("l.owner_id", "l.team_id");
		assertThat(condition.sql()).isEqualTo("l.owner_id = :scope_user");
		assertThat(condition.params()).containsEntry("scope_user", 7L);
	}

	@Test
	void teamScopeSeesTeamRecordsAndOwn() {
		DataScope teams = DataScope.teams(7, Set.of(1L, 2L));
		assertThat(teams.allows(99L, 2L)).isTrue();
		assertThat(teams.allows(99L, 3L)).isFalse();
		assertThat(teams.allows(7L, 3L)).isTrue();
		var condition = teams.predicate("owner_id", "team_id");
		assertThat(condition.sql()).isEqualTo("(owner_id = :scope_user or team_id in (:scope_teams))");
		assertThat(condition.params()).containsEntry("scope_teams", Set.of(1L, 2L));
	}

	@Test
	void teamScopeWithoutTeamsFallsBackToOwn() {
		assertThat(DataScope.teams(7, Set.of()).predicate("o", "t").sql()).isEqualTo("o = :scope_user");
	}

	@Test
	void allScopeSeesEverything() {
		assertThat(DataScope.all(1).allows(null, null)).isTrue();
		assertThat(DataScope.all(1).predicate("o", "t").sql()).isEqualTo("1=1");
	}
}
