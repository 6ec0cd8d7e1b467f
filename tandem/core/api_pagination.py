"""Page-number pagination of every API list; the lists sorted on joined columns page keys first."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from tandem.core.key_paging import KeysFirstPaginator


class StandardPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request) -> int | None:
        # DRF falls back to the default on a page size it cannot read; the schema promises an
        # integer from 1, so anything else is refused instead of silently ignored.
        raw = request.query_params.getlist(self.page_size_query_param)
        if raw and (len(raw) > 1 or not raw[0].isdigit() or int(raw[0]) < 1):
            raise ValidationError({self.page_size_query_param: ["A whole number from 1."]})
        return super().get_page_size(request)


class KeysFirstPagination(StandardPagination):
    """For long lists sorted on joined columns: the keys are sorted and counted, and only the
    page's rows are read whole (see `tandem.core.key_paging`)."""

    django_paginator_class = KeysFirstPaginator
