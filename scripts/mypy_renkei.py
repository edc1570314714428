"""mypy plugin: django-stubs, plus the model attributes that libraries add at run time.

django-modeltranslation adds a field per language (``name_ja``, ``name_en``) and
django-simple-history reads ``_history_user`` from a model with history; neither is in the
model's source, so django-stubs alone reports them as missing. This plugin asks the loaded
Django project which of them each model has and declares them, so that mypy still catches a
misspelt field.
"""

from collections.abc import Callable

from django.db import models
from mypy.nodes import TypeInfo
from mypy.options import Options
from mypy.plugin import ClassDefContext
from mypy.plugins.common import add_attribute_to_class
from mypy.types import AnyType, NoneType, TypeOfAny, UnionType
from mypy_django_plugin.lib import helpers
from mypy_django_plugin.main import NewSemanalDjangoPlugin

TEXT_FIELDS = (models.CharField, models.TextField)


class RenkeiPlugin(NewSemanalDjangoPlugin):
    def __init__(self, options: Options) -> None:
        super().__init__(options)
        _restore_managers()

    def get_base_class_hook(self, fullname: str) -> Callable[[ClassDefContext], None] | None:
        hook = super().get_base_class_hook(fullname)
        info = self._get_typeinfo_or_none(fullname)
        if hook is None or info is None or not helpers.is_model_type(info):
            return hook

        def process(ctx: ClassDefContext) -> None:
            hook(ctx)
            self._add_runtime_attributes(ctx)

        return process

    def _add_runtime_attributes(self, ctx: ClassDefContext) -> None:
        from modeltranslation.translator import NotRegistered, translator

        model = self.django_context.get_model_class_by_fullname(ctx.cls.fullname)
        if model is None:
            return
        info: TypeInfo = ctx.cls.info
        try:
            options = translator.get_options_for_model(model)
        except NotRegistered:
            options = None
        if options is not None:
            for translation_fields in options.all_fields.values():
                for field in translation_fields:
                    if field.name in info.names:
                        continue
                    if isinstance(field, TEXT_FIELDS):
                        typ = ctx.api.named_type("builtins.str")
                        if field.null:
                            typ = UnionType([typ, NoneType()])
                    else:
                        typ = AnyType(TypeOfAny.explicit)
                    add_attribute_to_class(ctx.api, ctx.cls, field.name, typ)
        if getattr(model._meta, "simple_history_manager_attribute", None) and "_history_user" not in info.names:
            add_attribute_to_class(ctx.api, ctx.cls, "_history_user", AnyType(TypeOfAny.explicit))


def _restore_managers() -> None:
    """Give translated models back the managers their source declares.

    django-modeltranslation swaps each manager's class for a subclass made at run time, which
    django-stubs cannot find among the sources; it then loses the custom QuerySet methods
    (``network.officers.current()``). Only the copy of Django loaded for type checking changes.
    """
    from django.db.models import Manager
    from modeltranslation.manager import MultilingualManager
    from modeltranslation.translator import translator

    for model in translator.get_registered_models():
        for manager in {*model._meta.managers, model._default_manager, model._base_manager}:
            cls = type(manager)
            if not issubclass(cls, MultilingualManager):
                continue
            original = [base for base in cls.__mro__[1:] if not issubclass(base, MultilingualManager)]
            manager.__class__ = Manager if cls is MultilingualManager else original[0]


def plugin(version: str):
    return RenkeiPlugin
