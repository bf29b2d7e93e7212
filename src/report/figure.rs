//! Bitmap copies of our SVG figures, for documents that cannot show SVG (.docx). The text is
//! drawn with a font built into the binary (a Latin subset of DejaVu Sans, see
//! templates/fonts/README.md), never a system font, so the same figure gives the same pixels on
//! every machine.

use std::sync::OnceLock;

const REGULAR: &[u8] = include_bytes!("../../templates/fonts/DejaVuSans-subset.ttf");
const BOLD: &[u8] = include_bytes!("../../templates/fonts/DejaVuSans-Bold-subset.ttf");

/// Pixels per SVG unit: figures are drawn at twice their size, for print.
const SCALE: f32 = 2.0;

/// An SVG that could not be drawn (a template bug: our figures are generated).
#[derive(Debug, thiserror::Error)]
#[error("figure: {0}")]
pub struct FigureError(String);

/// A drawn figure: PNG bytes and the figure's size in SVG units (CSS pixels).
pub struct Png {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn options() -> &'static resvg::usvg::Options<'static> {
    static OPTIONS: OnceLock<resvg::usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut options = resvg::usvg::Options {
            font_family: "DejaVu Sans".to_owned(),
            ..Default::default()
        };
        let db = options.fontdb_mut();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.set_sans_serif_family("DejaVu Sans");
        options
    })
}

/// Draws `svg` (one of our figure templates' output) as a PNG.
pub fn png(svg: &str) -> Result<Png, FigureError> {
    let tree =
        resvg::usvg::Tree::from_str(svg, options()).map_err(|e| FigureError(e.to_string()))?;
    let size = tree.size();
    let (width, height) = (size.width().ceil() as u32, size.height().ceil() as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(
        (width as f32 * SCALE) as u32,
        (height as f32 * SCALE) as u32,
    )
    .ok_or_else(|| FigureError(format!("empty figure ({width}×{height})")))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap
        .encode_png()
        .map_err(|e| FigureError(e.to_string()))?;
    Ok(Png {
        bytes,
        width,
        height,
    })
}
