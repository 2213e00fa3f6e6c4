import type { RenderTask } from "./renderTask.js";

// A short page of the seed article (examples/ is not in the published package): enough to load
// the default template's fonts and make V8 compile the layout and PDF code before any request.
const WARMUP_ARTICLE = {
  kicker: "زيارة رسمية",
  headline: "موسكو وبغداد تدعوان الى ضرورة مشاركة فاعلة لايران في كافة ملفات المنطقة",
  byline: "عبد الله عيسى",
  dateline: "موسكو",
  date: "2026-11-29",
  pullQuote: "إننا نعمل بنشاط لدعم العراق في ضمان قدراته الدفاعية وتعزيزها",
  body: [
    "بزيارة رسمية ليومين التقى وزير خارجية العراق ابراهيم الجعفري بنظيره الروسي سيرغي لافروف لتعزيز العلاقات الثنائية في كافة المجالات خاصة الطاقة والتعاون العسكري والامني.",
    "وقد اكدت مباحثاتهما ان مواقف العاصمتين تتفقان في حل الملفات الاقليمية والدولية، خاصة ما مس اولويات تثبيت الامن واستقرار النظام ومكافحة خطر الارهاب الدولي، وكذلك تسوية الاوضاع في سوريا واليمن وسواها (2026).",
  ],
};

/** The render each thread does before the service says it is ready. */
export function warmupTask(): RenderTask {
  return {
    want: "pdf",
    article: {
      bytes: new TextEncoder().encode(JSON.stringify(WARMUP_ARTICLE)),
      format: "json",
      fileName: "warmup.json",
    },
    template: "a4-3col",
    output: {},
  };
}
