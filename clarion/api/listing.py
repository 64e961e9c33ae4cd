"""Lists in the read API: numbered pages of a bounded size, and a query string checked before anything is
read, so a malformed one is a 400 problem (a page past the end is a 404), never a guess or a 500."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, generics, serializers
from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_schema_operation_parameters(self, view):
        return []  # described, with their bounds, by the view's query serializer (PageQuery)


class PageQuery(serializers.Serializer):
    page = serializers.IntegerField(required=False, min_value=1, help_text="Which page, from 1.")
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=Pages.max_page_size,
                                         help_text=f"How many items a page holds (default {Pages.page_size}).")


class CheckedList(generics.ListAPIView):
    """A list whose query string `query_serializer` describes (extend_schema(parameters=[…]) documents it)."""

    pagination_class = Pages
    query_serializer = PageQuery

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        repeated = [name for name in request.query_params if len(request.query_params.getlist(name)) > 1]
        if repeated:
            raise exceptions.ValidationError({name: [_("Give this parameter once.")] for name in repeated})
        # A plain dict, not the QueryDict: DRF would take an empty `state=` for an absent one.
        query = self.query_serializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        self.query = query.validated_data
