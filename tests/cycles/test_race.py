"""Two officers saving the same score at the same instant: one wins, the other is told."""

import threading

import pytest
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_two_writers_racing_on_one_score_never_both_win(year_setup):
    from tests.cycles.conftest import move_to
    from thidua.core.errors import ValidationFailed
    from thidua.cycles import services
    from thidua.cycles.models import Score, ScoreKind

    setup = year_setup
    cy = move_to(setup["cy"], "self_scoring", setup["office"])
    criterion, unit, officer = setup["criteria"]["1.1"], setup["units"]["SCT"], setup["officers"]["SCT"]
    services.score_save(actor=officer, cluster_year=cy, criterion=criterion, unit=unit, kind=ScoreKind.SELF, points=10)
    barrier = threading.Barrier(2)
    outcomes = []

    def writer(points):
        try:
            barrier.wait()
            services.score_save(actor=officer, cluster_year=cy, criterion=criterion, unit=unit, kind=ScoreKind.SELF,
                                points=points, expected_version=1)
            outcomes.append(("saved", points))
        except ValidationFailed:
            outcomes.append(("refused", points))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(points,)) for points in (40, 50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(kind for kind, _ in outcomes) == ["refused", "saved"]
    winner = next(points for kind, points in outcomes if kind == "saved")
    score = Score.objects.get(kind=ScoreKind.SELF, unit=unit, criterion=criterion)
    assert (score.points, score.version) == (winner, 2)
