from tandem.core.shared_reads import shared_read, shared_reads


class Row:
    def __init__(self, pk: int) -> None:
        self.pk = pk


def test_a_shared_read_runs_once_per_argument_inside_the_block_and_every_time_outside():
    calls: list[int] = []

    @shared_read
    def read(row: Row) -> int:
        calls.append(row.pk)
        return row.pk * 10

    with shared_reads():
        # Two objects for the same row, as two apps holding their own copy would be.
        assert [read(Row(1)), read(Row(1)), read(Row(2))] == [10, 10, 20]
    assert read(Row(1)) == 10
    with shared_reads():
        assert read(Row(1)) == 10

    assert calls == [1, 2, 1, 1]
